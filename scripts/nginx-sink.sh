# Sourced by the bench scripts: start_nginx_sink DIR PORT STATUS WORKERS starts an nginx on
# 127.0.0.1:PORT that answers every request with STATUS from WORKERS worker processes ("auto":
# one per core), its files under DIR; stop_nginx_sink DIR stops it.
start_nginx_sink() {
  local dir=$1 port=$2 status=$3 workers=$4
  cat > "$dir/nginx.conf" <<CONF
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$port; location / { return $status; } }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf"
  sleep 0.5
}

stop_nginx_sink() {
  nginx -p "$1" -c "$1/nginx.conf" -s stop 2>/dev/null || true
}

# Standard Webhooks verification with bash and openssl; sourced by run, handle, verify and send.
# Expects LC_ALL=C, so that strings are bytes.

TOLERANCE=300  # seconds a timestamp may be off, either way
BASE64_RE='^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'

# secret_key <whsec_…> <name for messages>: prints the HMAC key as hex, or explains on stderr
# and fails.
secret_key() {
  local secret=$1 name=$2
  if [[ -z $secret ]]; then
    echo "$name is not set" >&2; return 1
  elif [[ $secret != whsec_* ]]; then
    echo "$name must start with 'whsec_'" >&2; return 1
  fi
  local encoded=${secret#whsec_}
  if [[ -z $encoded || ! $encoded =~ $BASE64_RE ]]; then
    echo "the part of $name after 'whsec_' is not valid Base64" >&2; return 1
  fi
  printf %s "$encoded" | base64 -d | od -An -v -tx1 | tr -d ' \n'
}

# hmac_b64 <hex key>: Base64 of the HMAC-SHA256 of standard input.
# (The key shows in openssl's command line, to this machine's users: this is a debugging tool.)
hmac_b64() {
  openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -binary | base64
}

# same <a> <b>: whether two strings are equal, without the time taken telling how much of
# them matched: bash's [[ == ]] stops at the first difference, so compare HMACs of both under
# a random key instead (nobody can aim at bytes of those).
same() {
  : "${COMPARE_KEY:=$(openssl rand -hex 32)}"
  [[ $(printf %s "$1" | hmac_b64 "$COMPARE_KEY") == "$(printf %s "$2" | hmac_b64 "$COMPARE_KEY")" ]]
}

# verify_webhook <hex key> <webhook-id> <webhook-timestamp> <webhook-signature> <body file>
# Succeeds if one v1 entry is the HMAC of "{id}.{timestamp}.{body}"; otherwise sets REASON.
verify_webhook() {
  local key=$1 id=$2 timestamp=$3 signature=$4 body=$5
  local now=${HERALD_NOW:-$(date +%s)} entry value candidates=() entries=()
  REASON=
  if [[ -z $id || -z $timestamp || -z $signature ]]; then
    REASON=missingHeader; return 1
  elif [[ ! $timestamp =~ ^[0-9]{1,18}$ ]]; then
    REASON=invalidTimestamp; return 1
  elif (( now - 10#$timestamp > TOLERANCE )); then
    REASON=timestampTooOld; return 1
  elif (( 10#$timestamp - now > TOLERANCE )); then
    REASON=timestampTooNew; return 1
  fi

  IFS=' ' read -r -a entries <<< "$signature"
  for entry in "${entries[@]}"; do
    if [[ $entry != ?*,?* ]]; then  # a version, a comma, a value
      REASON=malformedSignature; return 1
    fi
    [[ ${entry%%,*} == v1 ]] || continue  # v1a (Ed25519) and future versions: not ours to check
    value=${entry#*,}
    if [[ ! $value =~ ^[A-Za-z0-9+/]{43}=$ ]]; then  # 32 bytes in padded Base64
      REASON=malformedSignature; return 1
    fi
    candidates+=("$value")
  done

  local expected
  expected=$({ printf '%s.%s.' "$id" "$timestamp"; cat "$body"; } | hmac_b64 "$key")
  for value in "${candidates[@]}"; do
    same "$value" "$expected" && return 0
  done
  REASON=noMatchingSignature; return 1
}

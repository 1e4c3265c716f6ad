import PostgresNIO

extension PostgresMigrations {
    /// Version 3: every change to an application, an event type, an endpoint (its settings, not
    /// the failure bookkeeping deliveries update) or an endpoint's secrets is announced on
    /// `herald_changes` (delivered at commit) by triggers, so that each process drops what it
    /// cached whichever process, or operator, made the change. Payloads: `application:<id>`,
    /// `event-type:<name>`, `endpoint:<id>`.
    static let changes = Migration(version: 3, name: "change announcements", statements: [
        """
        CREATE FUNCTION herald_application_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('herald_changes', 'application:' || OLD.id);
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER applications_changed AFTER UPDATE OR DELETE ON applications FOR EACH ROW EXECUTE FUNCTION herald_application_changed()",
        """
        CREATE FUNCTION herald_event_type_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM pg_notify('herald_changes', 'event-type:' || NEW.name);
            ELSE
                PERFORM pg_notify('herald_changes', 'event-type:' || OLD.name);
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER event_types_changed AFTER INSERT OR UPDATE OR DELETE ON event_types FOR EACH ROW EXECUTE FUNCTION herald_event_type_changed()",
        """
        CREATE FUNCTION herald_endpoint_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'endpoint_secrets' THEN
                PERFORM pg_notify('herald_changes', 'endpoint:' || NEW.endpoint_id);
            ELSE
                PERFORM pg_notify('herald_changes', 'endpoint:' || OLD.id);
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER endpoints_changed
        AFTER UPDATE OF url, description, all_event_types, disabled, rate_limit, headers, retry_schedule, batch_max_events, batch_max_wait_ms, timeout_ms
        OR DELETE ON endpoints FOR EACH ROW EXECUTE FUNCTION herald_endpoint_changed()
        """,
        "CREATE TRIGGER endpoint_secrets_changed AFTER INSERT ON endpoint_secrets FOR EACH ROW EXECUTE FUNCTION herald_endpoint_changed()",
    ])
}

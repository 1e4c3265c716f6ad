import PostgresNIO

extension PostgresMigrations {
    /// Version 2: endpoints' limits divided between processes (see `EndpointShareStore`).
    ///
    /// `endpoint_shares` holds one row per endpoint and process with work for it: the slots and
    /// rate that process holds, whether it wants work, and its lease. `endpoint_circuits` holds
    /// an endpoint's open circuit and, once its cool-down passed, which process holds the probe.
    /// `herald_renew_shares` renews one process's shares in one round trip, each endpoint under
    /// a transaction-scoped advisory lock taken in id order (no deadlock between two renewals).
    /// Its arrays have one element per endpoint; a negative rate means none, an `opened_until`
    /// of 0 that the circuit did not open.
    static let shares = Migration(version: 2, name: "endpoint shares", statements: [
        """
        CREATE TABLE endpoint_shares (
            endpoint_id TEXT COLLATE "C" NOT NULL,
            owner TEXT COLLATE "C" NOT NULL,
            slots INTEGER NOT NULL,
            rate DOUBLE PRECISION,
            wanted BOOLEAN NOT NULL,
            lease_until BIGINT NOT NULL,
            PRIMARY KEY (endpoint_id, owner)
        )
        """,
        """
        CREATE TABLE endpoint_circuits (
            endpoint_id TEXT COLLATE "C" PRIMARY KEY,
            open_until BIGINT NOT NULL,
            probe_owner TEXT COLLATE "C",
            probe_until BIGINT NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE FUNCTION herald_renew_shares(
            p_owner TEXT, p_now BIGINT, p_endpoints TEXT[], p_limits INTEGER[], p_rates DOUBLE PRECISION[],
            p_in_flight INTEGER[], p_wanted BOOLEAN[], p_lease_until BIGINT[], p_opened_until BIGINT[], p_closed BOOLEAN[])
        RETURNS TABLE (endpoint TEXT, granted_slots INTEGER, granted_rate DOUBLE PRECISION, circuit_open_until BIGINT)
        LANGUAGE plpgsql AS $$
        DECLARE
            i INTEGER;
            e TEXT;
            lim INTEGER;
            c_open BIGINT;
            c_probe TEXT;
            c_probe_until BIGINT;
            wanting INTEGER;
            below INTEGER;
            others_slots INTEGER;
            others_rate DOUBLE PRECISION;
            fair INTEGER;
            slots_now INTEGER;
            rate_now DOUBLE PRECISION;
            probing BOOLEAN;
        BEGIN
            FOR i IN SELECT g.i FROM generate_subscripts(p_endpoints, 1) AS g(i) ORDER BY p_endpoints[g.i] COLLATE "C" LOOP
                e := p_endpoints[i];
                PERFORM pg_advisory_xact_lock(hashtextextended('herald.endpoint:' || e, 0));

                IF p_closed[i] THEN
                    DELETE FROM endpoint_circuits c WHERE c.endpoint_id = e;
                END IF;
                IF p_opened_until[i] > 0 THEN
                    INSERT INTO endpoint_circuits AS c (endpoint_id, open_until, probe_owner, probe_until)
                    VALUES (e, p_opened_until[i], NULL, 0)
                    ON CONFLICT (endpoint_id) DO UPDATE
                        SET open_until = GREATEST(c.open_until, EXCLUDED.open_until), probe_owner = NULL, probe_until = 0;
                END IF;
                c_open := NULL;
                SELECT c.open_until, c.probe_owner, c.probe_until INTO c_open, c_probe, c_probe_until
                FROM endpoint_circuits c WHERE c.endpoint_id = e;

                lim := p_limits[i];
                probing := FALSE;
                IF c_open IS NOT NULL THEN
                    IF c_open > p_now THEN
                        lim := 0;
                    ELSIF p_wanted[i] AND (c_probe IS NULL OR c_probe = p_owner OR c_probe_until <= p_now) THEN
                        UPDATE endpoint_circuits c SET probe_owner = p_owner, probe_until = p_lease_until[i] WHERE c.endpoint_id = e;
                        lim := 1;
                        probing := TRUE;
                    ELSE
                        lim := 0;
                    END IF;
                END IF;

                IF NOT p_wanted[i] AND p_in_flight[i] = 0 THEN
                    DELETE FROM endpoint_shares s WHERE s.endpoint_id = e AND s.owner = p_owner;
                    endpoint := e; granted_slots := 0; granted_rate := NULL; circuit_open_until := c_open;
                    RETURN NEXT;
                    CONTINUE;
                END IF;

                SELECT COALESCE(SUM(s.slots), 0), COALESCE(SUM(s.rate), 0),
                       COUNT(*) FILTER (WHERE s.wanted), COUNT(*) FILTER (WHERE s.wanted AND s.owner < p_owner)
                INTO others_slots, others_rate, wanting, below
                FROM endpoint_shares s WHERE s.endpoint_id = e AND s.owner <> p_owner AND s.lease_until > p_now;

                IF probing THEN
                    -- The probe is this process's alone, whatever the division.
                    wanting := wanting + 1;
                    slots_now := GREATEST(0, 1 - others_slots);
                ELSIF p_wanted[i] THEN
                    wanting := wanting + 1;
                    fair := lim / wanting + CASE WHEN below < lim % wanting THEN 1 ELSE 0 END;
                    slots_now := GREATEST(0, LEAST(fair, lim - others_slots));
                ELSE
                    slots_now := 0;
                END IF;
                IF p_rates[i] < 0 THEN
                    rate_now := NULL;
                ELSIF p_wanted[i] THEN
                    rate_now := GREATEST(0, LEAST(p_rates[i] / wanting, p_rates[i] - others_rate));
                ELSE
                    rate_now := 0;
                END IF;

                INSERT INTO endpoint_shares AS s (endpoint_id, owner, slots, rate, wanted, lease_until)
                VALUES (e, p_owner, GREATEST(slots_now, p_in_flight[i]), rate_now, p_wanted[i], p_lease_until[i])
                ON CONFLICT (endpoint_id, owner) DO UPDATE
                    SET slots = EXCLUDED.slots, rate = EXCLUDED.rate, wanted = EXCLUDED.wanted, lease_until = EXCLUDED.lease_until;

                endpoint := e; granted_slots := slots_now; granted_rate := rate_now; circuit_open_until := c_open;
                RETURN NEXT;
            END LOOP;
            -- Rows of processes long gone; rows another renewal holds are left for a later sweep.
            DELETE FROM endpoint_shares s WHERE s.ctid IN (
                SELECT x.ctid FROM endpoint_shares x WHERE x.lease_until <= p_now - 60000 FOR UPDATE SKIP LOCKED);
        END
        $$
        """,
    ])
}

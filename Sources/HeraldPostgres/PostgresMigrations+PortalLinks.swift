import PostgresNIO

extension PostgresMigrations {
    /// Version 8: links to one application's portal: which application, until when, revoked or
    /// not (the link's signature covers its id and expiry). Gone with their application.
    static let portalLinks = Migration(version: 8, name: "portal links", statements: [
        """
        CREATE TABLE portal_links (
            id TEXT COLLATE "C" PRIMARY KEY,
            app_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT
        )
        """,
        "CREATE INDEX portal_links_by_app ON portal_links(app_id, id)",
        "CREATE INDEX portal_links_by_expiry ON portal_links(expires_at)",
    ])
}

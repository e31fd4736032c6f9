namespace Cutout.Cluster.Storage;

/// <summary>
/// The database schema as numbered migrations. A released migration is never edited: a change is a new
/// entry, so every replica and every older database reaches the same tables.
/// </summary>
internal static class ClusterSchema
{
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } =
    [
        (1, """
            CREATE TABLE cutout_secrets (
                name  text  PRIMARY KEY,
                value bytea NOT NULL
            );
            CREATE TABLE cutout_api_keys (
                digest     bytea       PRIMARY KEY,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE cutout_sessions (
                key_id      text        NOT NULL,
                session_id  text        NOT NULL,
                created_at  timestamptz NOT NULL,
                updated_at  timestamptz NOT NULL,
                lease_owner text,
                lease_until timestamptz,
                PRIMARY KEY (key_id, session_id)
            );
            CREATE TABLE cutout_exchanges (
                id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key_id               text        NOT NULL,
                session_id           text        NOT NULL,
                timestamp            timestamptz NOT NULL,
                user_prompt          text        NOT NULL,
                chatbot_response     text        NOT NULL,
                generated_media_urls text        NOT NULL,
                plan_json            text,
                result_ids           text        NOT NULL,
                source_image_refs    text        NOT NULL,
                FOREIGN KEY (key_id, session_id) REFERENCES cutout_sessions ON DELETE CASCADE
            );
            CREATE INDEX cutout_exchanges_by_session ON cutout_exchanges (key_id, session_id, id);
            CREATE TABLE cutout_images (
                id           text        PRIMARY KEY,
                owner        text        NOT NULL,
                content_type text        NOT NULL,
                width        int         NOT NULL,
                height       int         NOT NULL,
                model        text,
                created_at   timestamptz NOT NULL,
                bytes        bytea       NOT NULL
            );
            CREATE INDEX cutout_images_by_age ON cutout_images (created_at);
            CREATE TABLE cutout_rate_windows (
                partition_key text        NOT NULL,
                window_start  timestamptz NOT NULL,
                used          int         NOT NULL,
                PRIMARY KEY (partition_key, window_start)
            );
            CREATE TABLE cutout_job_results (
                job_id       text        PRIMARY KEY,
                succeeded    boolean     NOT NULL,
                error        text,
                error_kind   text,
                format       text,
                width        int,
                height       int,
                model        text,
                timings      text,
                compliance   text,
                background   text,
                coverage     double precision,
                confidence   double precision,
                bytes        bytea,
                worker       text        NOT NULL,
                completed_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX cutout_job_results_by_age ON cutout_job_results (completed_at);
            CREATE TABLE cutout_job_runs (
                job_id     text        NOT NULL,
                worker     text        NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX cutout_job_runs_by_job ON cutout_job_runs (job_id);
            """),
        (2, """
            ALTER TABLE cutout_job_results ADD COLUMN source_placement text;
            """),
    ];
}

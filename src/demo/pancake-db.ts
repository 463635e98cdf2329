import { withClient } from "./pg-client.ts";

/**
 * The Diva CRM database of seed 000 as it stands before the Pancake go-live ("Phase 3", latest
 * migration 1777870069927): account with phone columns but no normalized_phone, contact_book,
 * crm_master_data with 8 ticket sources, tickets, templates, app settings. Enough accounts
 * (600,000: the pre-check expects ~1M in production) that the planner only uses indexes.
 */
export const PRE_MIGRATION_SQL = `
CREATE SCHEMA controller;
CREATE TABLE controller.migration_log (timestamp bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
INSERT INTO controller.migration_log (timestamp, name) VALUES
  (1777870069925, 'phase3_ticket_sla'), (1777870069926, 'phase3_notification_channel'), (1777870069927, 'phase3_distribute_ticket');

CREATE TABLE account (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  phone_code text NOT NULL DEFAULT '+84',
  phone_number text,
  phone_enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO account (name, phone_number, phone_enabled)
  SELECT 'Khách hàng ' || g, '9' || lpad(g::text, 8, '0'), g % 10 <> 0 FROM generate_series(1, 600000) g;

CREATE TABLE contact_book (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES account (id), name text NOT NULL, phone text);
INSERT INTO contact_book (account_id, name, phone) SELECT g, 'Liên hệ ' || g, '09' || lpad(g::text, 8, '0') FROM generate_series(1, 2000) g;

CREATE TABLE crm_master_data (id text PRIMARY KEY, type text NOT NULL, name text NOT NULL, disabled boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO crm_master_data (id, type, name)
  SELECT 'ticket_source_' || g, 'ticket_source', 'Nguồn ' || g FROM generate_series(1, 8) g;
INSERT INTO crm_master_data (id, type, name) VALUES ('ticket_status_open', 'ticket_status', 'Mở'), ('ticket_status_done', 'ticket_status', 'Xong');

CREATE TABLE ticket (
  id bigserial PRIMARY KEY,
  source_id text NOT NULL REFERENCES crm_master_data (id),
  account_id bigint REFERENCES account (id),
  assignee_id bigint,
  auto_assigned boolean NOT NULL DEFAULT false,
  assignee_changed_manually boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ticket (source_id, account_id, assignee_id) SELECT 'ticket_source_' || (1 + g % 8), g, 100 + g % 15 FROM generate_series(1, 5000) g;

CREATE TABLE notification_template (id serial PRIMARY KEY, code text NOT NULL UNIQUE, title text NOT NULL);
INSERT INTO notification_template (code, title) VALUES ('noti_ticket_assigned', 'Ticket mới'), ('noti_ticket_sla', 'Sắp quá hạn SLA');

CREATE TABLE module_permission_action (id serial PRIMARY KEY, module text NOT NULL, action text NOT NULL, role text NOT NULL, UNIQUE (module, action, role));
INSERT INTO module_permission_action (module, action, role) VALUES ('ticket', 'access', 'Admin'), ('ticket', 'access', 'Manager');

CREATE TABLE app_setting (id int PRIMARY KEY, app_settings jsonb NOT NULL);
INSERT INTO app_setting VALUES (1, '{"timezone": "Asia/Ho_Chi_Minh", "ticket": {"sla_minutes": 30}}');
ANALYZE;
`;

/** The eight migrations of the deploy steps 1-8 (E4), each recorded in controller.migration_log. */
export const MIGRATIONS: readonly { timestamp: number; name: string; sql: string }[] = [
  {
    timestamp: 1777870069928,
    name: "account_normalized_phone",
    sql: `ALTER TABLE account ADD COLUMN normalized_phone text, ADD COLUMN pancake_metadata jsonb;
          CREATE INDEX account_normalized_phone_idx ON account (normalized_phone);
          CREATE UNIQUE INDEX account_id_normalized_phone_key ON account (id, normalized_phone);`,
  },
  {
    timestamp: 1777870069929,
    name: "backfill_normalized_phone",
    sql: `UPDATE account SET normalized_phone = phone_code || phone_number WHERE phone_enabled AND phone_number IS NOT NULL;
          ANALYZE account;`,
  },
  {
    timestamp: 1777870069930,
    name: "contact_book_primary_phone",
    // DEC-006: a contact's primary phone is its account's normalized phone, once per book.
    sql: `ALTER TABLE contact_book ADD COLUMN primary_phone text;
          UPDATE contact_book c SET primary_phone = a.normalized_phone FROM account a WHERE a.id = c.account_id;
          ALTER TABLE contact_book
            ADD CONSTRAINT contact_book_primary_phone_key UNIQUE (primary_phone),
            ADD CONSTRAINT contact_book_primary_phone_fkey FOREIGN KEY (account_id, primary_phone) REFERENCES account (id, normalized_phone);`,
  },
  {
    timestamp: 1777870069931,
    name: "create_pancake_tables",
    sql: `CREATE TABLE pancake_connection (id serial PRIMARY KEY, workspace text NOT NULL, status text NOT NULL DEFAULT 'active', updated_at timestamptz NOT NULL DEFAULT now());
          CREATE TABLE pancake_connection_status_history (id bigserial PRIMARY KEY, connection_id int NOT NULL REFERENCES pancake_connection (id), status text NOT NULL, changed_at timestamptz NOT NULL DEFAULT now());
          CREATE TABLE pancake_source (id serial PRIMARY KEY, pancake_source_id text NOT NULL UNIQUE, name text NOT NULL, is_active boolean NOT NULL DEFAULT false);
          CREATE TABLE pancake_webhook_event (
            id bigserial PRIMARY KEY,
            record_id text NOT NULL,
            modified_on timestamptz NOT NULL,
            payload_hash text NOT NULL,
            source_id int REFERENCES pancake_source (id),
            normalized_phone text,
            payload jsonb,
            status text NOT NULL DEFAULT 'received',
            error text,
            received_at timestamptz NOT NULL DEFAULT now(),
            processed_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pancake_webhook_event_record_key UNIQUE (record_id, modified_on, payload_hash)
          );
          CREATE INDEX pancake_webhook_event_normalized_phone_idx ON pancake_webhook_event (normalized_phone);
          CREATE INDEX pancake_webhook_event_status_created_idx ON pancake_webhook_event (status, created_at);
          CREATE TABLE pancake_reconciliation_run (id bigserial PRIMARY KEY, started_at timestamptz NOT NULL, finished_at timestamptz, missing_events int NOT NULL DEFAULT 0);`,
  },
  {
    timestamp: 1777870069932,
    name: "insert_ticket_source_pancake",
    sql: `INSERT INTO crm_master_data (id, type, name) VALUES ('ticket_source_pancake', 'ticket_source', 'Pancake CRM');`,
  },
  {
    timestamp: 1777870069933,
    name: "permission_pancake_crm_integration",
    sql: `INSERT INTO module_permission_action (module, action, role)
            SELECT 'pancake_crm_integration', a, 'Admin' FROM unnest(ARRAY['access', 'view', 'edit', 'toggle_kill_switch', 'manage_source', 'replay_dlq', 'view_log']) a;`,
  },
  {
    timestamp: 1777870069934,
    name: "notification_template_pancake",
    sql: `INSERT INTO notification_template (code, title) VALUES
            ('noti_pancake_new_lead', 'Lead mới từ Pancake'), ('noti_pancake_dead_letter', 'Sự kiện Pancake lỗi'), ('noti_pancake_suspended', 'Pancake tạm ngưng webhook');`,
  },
  {
    timestamp: 1777870069935,
    name: "app_setting_pancake_integration",
    sql: `UPDATE app_setting SET app_settings = app_settings || '{"pancake_integration": {"kill_switch": false, "w1_sources": ["pancake_src_1"]}}' WHERE id = 1;`,
  },
];

/**
 * Four weeks of pilot in numbers: one active connection, W1 source active, 70,000 webhook events
 * (20,000 in the last 24 h; 99.8 % processed, a few just ingested, 0.03 % dead letters), and tickets
 * from the Pancake source, 95 % auto-assigned and 5 % re-assigned by hand.
 */
export const PILOT_SQL = `
INSERT INTO pancake_connection (workspace, status) VALUES ('diva', 'active');
INSERT INTO pancake_connection_status_history (connection_id, status, changed_at) VALUES (1, 'active', now() - interval '28 days');
INSERT INTO pancake_source (pancake_source_id, name, is_active)
  SELECT 'pancake_src_' || g, 'Nguồn Pancake ' || g, g = 1 FROM generate_series(1, 40) g;
INSERT INTO pancake_webhook_event (record_id, modified_on, payload_hash, source_id, normalized_phone, status, received_at, processed_at, created_at, updated_at)
  SELECT 'rec-' || g, t, md5(g::text), 1, '+849' || lpad((g % 600000 + 1)::text, 8, '0'),
         CASE WHEN g % 1000 = 7 THEN 'ingested' WHEN g % 1000 = 9 THEN 'dead_letter' ELSE 'processed' END,
         t, CASE WHEN g % 1000 IN (7, 9) THEN NULL ELSE t + (1 + g % 9) * interval '1 second' END, t, t
  FROM (SELECT g, CASE WHEN g <= 20000 THEN now() - (g * interval '4.3 seconds') ELSE now() - interval '1 day' - (g * interval '30 seconds') END AS t
        FROM generate_series(1, 70000) g) s;
INSERT INTO ticket (source_id, account_id, assignee_id, auto_assigned, assignee_changed_manually)
  SELECT 'ticket_source_pancake', g, 100 + g % 15, g % 20 <> 0, g % 20 = 1 FROM generate_series(1, 1000) g;
ANALYZE;
`;

/** Creates database `name` on the server at `adminUrl` and returns its URL. */
export async function createDatabase(adminUrl: string, name: string, owner?: string): Promise<string> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner}` : ""}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The database in its pre-migration state. */
export async function createPancakeDatabase(url: string): Promise<void> {
  await withClient(url, (c) => c.query(PRE_MIGRATION_SQL));
}

/** Applies deploy steps 1-8 (the migrations), each in its own transaction, as the team would. */
export async function applyPancakeMigrations(url: string): Promise<void> {
  await withClient(url, async (c) => {
    for (const m of MIGRATIONS) {
      await c.query("BEGIN");
      await c.query(m.sql);
      await c.query("INSERT INTO controller.migration_log (timestamp, name) VALUES ($1, $2)", [m.timestamp, m.name]);
      await c.query("COMMIT");
    }
  });
}

/**
 * Loads the pilot's history, then looks accounts up by normalized phone the way the webhook does,
 * and waits (bounded) until PostgreSQL's statistics show the index was used.
 */
export async function loadPancakePilot(url: string): Promise<void> {
  await withClient(url, (c) => c.query(PILOT_SQL));
  // A backend flushes its statistics when it exits: look up in a connection of its own.
  await withClient(url, async (c) => {
    for (let i = 1; i <= 5; i++) await c.query("SELECT id FROM account WHERE normalized_phone = $1", [`+849${String(i).padStart(8, "0")}`]);
  });
  await withClient(url, async (c) => {
    for (let i = 0; i < 100; i++) {
      const r = await c.query<{ n: number }>(
        "SELECT idx_scan::int AS n FROM pg_stat_user_indexes WHERE indexrelname = 'account_normalized_phone_idx'",
      );
      if ((r.rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("index statistics for account_normalized_phone_idx did not show up");
  });
}

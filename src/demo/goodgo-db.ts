import { withClient } from "./pg-client.ts";

/** The application role of GoodGo's services: owns its tables, no SUPERUSER (security checklist). */
export const GOODGO_ROLE = "goodgo_app";

/**
 * GoodGo's tenant tables (EF Core style), every one with row-level security on tenant_id, plus
 * the migrations history table (not tenant data). Created by the application role itself.
 */
export const GOODGO_SQL = `
CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
INSERT INTO "__EFMigrationsHistory" VALUES ('20260301000000_Initial', '9.0.2'), ('20260305120000_Wallet', '9.0.2');
CREATE TABLE shops (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, name text NOT NULL);
CREATE TABLE products (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, shop_id uuid REFERENCES shops (id), name text NOT NULL, price numeric(12, 0) NOT NULL);
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, shop_id uuid REFERENCES shops (id), status text NOT NULL, total numeric(12, 0) NOT NULL DEFAULT 0);
CREATE TABLE order_items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, order_id uuid REFERENCES orders (id), product_id uuid REFERENCES products (id), quantity int NOT NULL);
CREATE TABLE wallet_transactions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, amount numeric(12, 0) NOT NULL, provider text NOT NULL);
CREATE TABLE inventory_items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, product_id uuid REFERENCES products (id), on_hand int NOT NULL, reorder_level int NOT NULL);
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['shops', 'products', 'orders', 'order_items', 'wallet_transactions', 'inventory_items'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting('app.tenant_id', true)::uuid)$p$, t);
  END LOOP;
END $$;
INSERT INTO shops (tenant_id, name) SELECT gen_random_uuid(), 'Karaoke ' || g FROM generate_series(1, 20) g;
`;

/**
 * Creates the role and database `goodgo` on the server at `adminUrl`, loads it as the role, and
 * returns the application's URL. The password is there as production URLs carry one (and to show
 * that it never appears in output); the test server trusts loopback connections.
 */
export async function createGoodgoDatabase(adminUrl: string, password: string): Promise<string> {
  await withClient(adminUrl, async (c) => {
    await c.query(`CREATE ROLE ${GOODGO_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await c.query(`CREATE DATABASE goodgo OWNER ${GOODGO_ROLE}`);
  });
  const url = new URL(adminUrl);
  url.username = GOODGO_ROLE;
  url.password = password;
  url.pathname = "/goodgo";
  const appUrl = url.toString();
  await withClient(appUrl, (c) => c.query(GOODGO_SQL));
  return appUrl;
}

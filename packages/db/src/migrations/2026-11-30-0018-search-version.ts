import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// A change counter for the search's in-memory index of published clarifications.
// `search_version` holds one number that every change a search can see raises: a
// clarification's creation, title, body, verdict, status, publication or withdrawal,
// its search text marked stale (its linked items changed) or rewritten, its clinic's
// name or slug, its deletion. The raised number is also written on the changed
// row (`clarification_search.changed`), so a process that last saw version N
// reads only rows with `changed > N`. Writers take the counter's row lock until
// they commit, so numbers are given in commit order: once N is visible, every
// change numbered below N is too.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`create table search_version (id integer primary key, version integer not null)`.execute(db);
  await sql`insert into search_version (id, version) values (1, 1)`.execute(db);
  await sql`alter table clarification_search add column changed integer not null default 0`.execute(db);
  await sql`create index clarification_search_changed_idx on clarification_search (changed)`.execute(db);
  await (pg ? pgTriggers(db) : sqliteTriggers(db));
}

const SEEN = sql.raw("title, body, verdict, status, published_at, withdrawn_at");

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const bump = sql.raw("update search_version set version = version + 1 where id = 1;");
  const now = sql.raw("(select version from search_version where id = 1)");
  await sql`create trigger clarifications_search_changed after update of ${SEEN} on clarifications begin
    ${bump}
    update clarification_search set changed = ${now} where clarification_id = new.id;
  end`.execute(db);
  await sql`create trigger clarification_search_text_changed after update of search_text on clarification_search begin
    ${bump}
    update clarification_search set changed = ${now} where seq = new.seq;
  end`.execute(db);
  await sql`create trigger clarification_search_marked after update of stale on clarification_search
    when new.stale > 0 begin
    ${bump}
    update clarification_search set changed = ${now} where seq = new.seq;
  end`.execute(db);
  await sql`create trigger clarification_search_added after insert on clarification_search begin
    ${bump}
    update clarification_search set changed = ${now} where seq = new.seq;
  end`.execute(db);
  await sql`create trigger tenants_search_changed after update of slug, name, display_name on tenants begin
    ${bump}
    update clarification_search set changed = ${now} where tenant_id = new.id;
  end`.execute(db);
  await sql`create trigger clarifications_search_deleted after delete on clarifications begin
    ${bump}
  end`.execute(db);
}

async function pgTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function search_version_bump() returns integer language sql as $$
    update search_version set version = version + 1 where id = 1 returning version
  $$`.execute(db);
  await sql`create function clarification_search_changed() returns trigger language plpgsql as $$
    begin
      update clarification_search set changed = search_version_bump() where clarification_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create function clarification_search_text_changed() returns trigger language plpgsql as $$
    begin
      new.changed := search_version_bump();
      return new;
    end $$`.execute(db);
  await sql`create function tenants_search_changed() returns trigger language plpgsql as $$
    declare v integer;
    begin
      v := search_version_bump();
      update clarification_search set changed = v where tenant_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create function clarifications_search_deleted() returns trigger language plpgsql as $$
    begin
      perform search_version_bump();
      return null;
    end $$`.execute(db);
  await sql`create trigger clarifications_search_changed after update of ${SEEN} on clarifications
    for each row execute function clarification_search_changed()`.execute(db);
  await sql`create trigger clarification_search_text_changed before update of search_text on clarification_search
    for each row execute function clarification_search_text_changed()`.execute(db);
  await sql`create trigger clarification_search_marked before update of stale on clarification_search
    for each row when (new.stale > 0) execute function clarification_search_text_changed()`.execute(db);
  await sql`create trigger clarification_search_added before insert on clarification_search
    for each row execute function clarification_search_text_changed()`.execute(db);
  await sql`create trigger tenants_search_changed after update of slug, name, display_name on tenants
    for each row execute function tenants_search_changed()`.execute(db);
  await sql`create trigger clarifications_search_deleted after delete on clarifications
    for each row execute function clarifications_search_deleted()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, name] of [
    ["clarifications", "clarifications_search_changed"],
    ["clarification_search", "clarification_search_text_changed"],
    ["clarification_search", "clarification_search_marked"],
    ["clarification_search", "clarification_search_added"],
    ["tenants", "tenants_search_changed"],
    ["clarifications", "clarifications_search_deleted"],
  ] as const) {
    if (pg) {
      await sql`drop trigger if exists ${sql.id(name)} on ${sql.id(table)}`.execute(db);
    } else {
      await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
    }
  }
  if (pg) {
    for (const fn of [
      "clarification_search_changed",
      "clarification_search_text_changed",
      "tenants_search_changed",
      "clarifications_search_deleted",
      "search_version_bump",
    ]) {
      await sql`drop function if exists ${sql.id(fn)}()`.execute(db);
    }
  }
  await sql`drop index if exists clarification_search_changed_idx`.execute(db);
  await sql`alter table clarification_search drop column changed`.execute(db);
  await sql`drop table search_version`.execute(db);
}

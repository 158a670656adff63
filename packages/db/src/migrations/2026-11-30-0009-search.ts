import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Full-text search over clarifications. `clarification_search` holds one row per
// clarification: its words as the search normalises them (lower case, chat
// spellings expanded, Indonesian stems, stopwords dropped — done in TypeScript,
// which neither FTS5 nor Postgres can do alike), indexed by SQLite FTS5
// (`clarification_fts`, external content) or a Postgres tsvector ('simple'
// config, GIN). Triggers keep it honest on every write path: inserting a
// clarification adds its row, editing its title or body or its linked items bumps
// `stale`; the search service re-normalises stale rows before it answers (and
// only clears `stale` when it did not change meanwhile). A row is stale from
// birth, which also backfills what existed before this migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`create table clarification_search (
      clarification_id text primary key,
      tenant_id text not null,
      search_text text not null default '',
      stale integer not null default 1,
      indexed_at text,
      tsv tsvector generated always as (to_tsvector('simple', search_text)) stored
    )`.execute(db);
    await sql`create index clarification_search_tsv_idx on clarification_search using gin (tsv)`.execute(db);
  } else {
    // An explicit integer key: FTS5 external content points at rowids, which VACUUM may renumber otherwise.
    await sql`create table clarification_search (
      seq integer primary key,
      clarification_id text not null unique,
      tenant_id text not null,
      search_text text not null default '',
      stale integer not null default 1,
      indexed_at text
    )`.execute(db);
    await sql`create virtual table clarification_fts using fts5(
      search_text, content='clarification_search', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`create trigger clarification_search_fts_ai after insert on clarification_search begin
      insert into clarification_fts(rowid, search_text) values (new.seq, new.search_text);
    end`.execute(db);
    await sql`create trigger clarification_search_fts_ad after delete on clarification_search begin
      insert into clarification_fts(clarification_fts, rowid, search_text) values ('delete', old.seq, old.search_text);
    end`.execute(db);
    await sql`create trigger clarification_search_fts_au after update of search_text on clarification_search begin
      insert into clarification_fts(clarification_fts, rowid, search_text) values ('delete', old.seq, old.search_text);
      insert into clarification_fts(rowid, search_text) values (new.seq, new.search_text);
    end`.execute(db);
  }
  await sql`create index clarification_search_stale_idx on clarification_search (stale) where stale > 0`.execute(db);
  await sql`create index clarification_search_tenant_idx on clarification_search (tenant_id)`.execute(db);
  await (pg ? pgTriggers(db) : sqliteTriggers(db));
  await sql`insert into clarification_search (clarification_id, tenant_id) select id, tenant_id from clarifications`.execute(
    db,
  );
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger clarifications_search_ai after insert on clarifications begin
    insert into clarification_search (clarification_id, tenant_id) values (new.id, new.tenant_id);
  end`.execute(db);
  await sql`create trigger clarifications_search_au after update of title, body on clarifications begin
    update clarification_search set stale = stale + 1 where clarification_id = new.id;
  end`.execute(db);
  await sql`create trigger clarifications_search_bd before delete on clarifications begin
    delete from clarification_search where clarification_id = old.id;
  end`.execute(db);
  await sql`create trigger clarification_items_search_ai after insert on clarification_items begin
    update clarification_search set stale = stale + 1 where clarification_id = new.clarification_id;
  end`.execute(db);
  await sql`create trigger clarification_items_search_ad after delete on clarification_items begin
    update clarification_search set stale = stale + 1 where clarification_id = old.clarification_id;
  end`.execute(db);
}

async function pgTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create function clarification_search_added() returns trigger language plpgsql as $$
    begin
      insert into clarification_search (clarification_id, tenant_id) values (new.id, new.tenant_id);
      return null;
    end $$`.execute(db);
  await sql`create function clarification_search_edited() returns trigger language plpgsql as $$
    begin
      update clarification_search set stale = stale + 1 where clarification_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create function clarification_search_removed() returns trigger language plpgsql as $$
    begin
      delete from clarification_search where clarification_id = old.id;
      return old;
    end $$`.execute(db);
  await sql`create function clarification_search_linked() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update clarification_search set stale = stale + 1 where clarification_id = old.clarification_id;
      else
        update clarification_search set stale = stale + 1 where clarification_id = new.clarification_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger clarifications_search_ai after insert on clarifications
    for each row execute function clarification_search_added()`.execute(db);
  await sql`create trigger clarifications_search_au after update of title, body on clarifications
    for each row execute function clarification_search_edited()`.execute(db);
  await sql`create trigger clarifications_search_bd before delete on clarifications
    for each row execute function clarification_search_removed()`.execute(db);
  await sql`create trigger clarification_items_search_aid after insert or delete on clarification_items
    for each row execute function clarification_search_linked()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, name] of [
    ["clarifications", "clarifications_search_ai"],
    ["clarifications", "clarifications_search_au"],
    ["clarifications", "clarifications_search_bd"],
    ...(pg
      ? [["clarification_items", "clarification_items_search_aid"]]
      : [
          ["clarification_items", "clarification_items_search_ai"],
          ["clarification_items", "clarification_items_search_ad"],
        ]),
  ] as const) {
    await (pg
      ? sql`drop trigger if exists ${sql.id(name)} on ${sql.id(table)}`
      : sql`drop trigger if exists ${sql.id(name)}`
    ).execute(db);
  }
  if (pg) {
    for (const fn of ["added", "edited", "removed", "linked"]) {
      await sql`drop function if exists ${sql.id(`clarification_search_${fn}`)}()`.execute(db);
    }
  } else {
    await sql`drop table if exists clarification_fts`.execute(db);
  }
  await sql`drop table clarification_search`.execute(db);
}

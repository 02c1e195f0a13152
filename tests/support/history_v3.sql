-- A history file of schema 3, as trayapp wrote it before hours kept their histograms: the
-- dump (sqlite3's iterdump, then its two PRAGMAs) of a file made by trayapp's own Store at
-- commit bc74f45, which recorded these rounds (a check of each service's home page, a round
-- every 10 minutes) and then pruned it at 2012-08-10 10:30 UTC:
--
--   Twitter  2012-07-26 11:00-11:50  up 100, down 10000, up 200, unknown 3000 (offline),
--                                    degraded 4000 (slow), up 300 ms      -> folded
--   Gmail    2012-07-26 11:00-11:50  up, 50 to 100 ms                      -> folded
--   Twitter  2012-08-03 10:00-11:50  up, 100 to 150 ms then 200 to 250 ms -> 10:00-10:20
--                                    folded; the rest still raw (the week's edge)
--   Twitter  2012-08-10 09:00-10:20  up 100, 110, 120, down 10000 (refused), unknown 5
--                                    (offline), up 130, 140, 150, 160 ms   -> raw
--
-- and one incident: Twitter down 2012-07-26 11:10-11:20 (timeout). Load it with
-- tests.support.history.restore_v3_history.
BEGIN TRANSACTION;
CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services (id),
            type TEXT NOT NULL,
            target TEXT NOT NULL,
            UNIQUE (service_id, type, target)
        );
INSERT INTO "checks" VALUES(1,1,'http','https://twitter.com/');
INSERT INTO "checks" VALUES(2,2,'http','https://mail.google.com/');
CREATE TABLE hourly (
            service_id INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            rounds INTEGER NOT NULL,
            degraded INTEGER NOT NULL,
            down INTEGER NOT NULL,
            timed INTEGER NOT NULL,
            elapsed_sum_ms INTEGER NOT NULL,
            elapsed_max_ms INTEGER,
            PRIMARY KEY (service_id, hour)
        ) WITHOUT ROWID;
INSERT INTO "hourly" VALUES(1,373139,6,1,1,6,17600,10000);
INSERT INTO "hourly" VALUES(1,373330,3,0,0,3,330,120);
INSERT INTO "hourly" VALUES(2,373139,6,0,0,6,450,100);
CREATE TABLE incident_ids (last INTEGER NOT NULL);
INSERT INTO "incident_ids" VALUES(1);
CREATE TABLE incident_notes (
            incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID;
INSERT INTO "incident_notes" VALUES(1,0,1343301000000,'opened','Went down: https://twitter.com/: timeout');
CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            service TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            recovered_at INTEGER,
            severity TEXT NOT NULL CHECK (severity IN ('down', 'degraded')),
            causes TEXT NOT NULL,
            first_error TEXT NOT NULL,
            last_error TEXT NOT NULL,
            flaps INTEGER NOT NULL,
            verdict TEXT
        , vendor_incidents TEXT NOT NULL DEFAULT '[]', outside TEXT NOT NULL DEFAULT '[]');
INSERT INTO "incidents" VALUES(1,'Twitter',1343301000000,1343301600000,NULL,'down','timeout','https://twitter.com/: timeout','https://twitter.com/: timeout',0,NULL,'[]','[]');
CREATE TABLE results (
            service_id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            check_id INTEGER NOT NULL,
            round_status TEXT NOT NULL,
            cause TEXT,
            elapsed_ms INTEGER,
            http_status INTEGER,
            detail TEXT,
            PRIMARY KEY (service_id, at, check_id)
        ) WITHOUT ROWID;
INSERT INTO "results" VALUES(1,1343989800000,1,'up',NULL,130,NULL,NULL);
INSERT INTO "results" VALUES(1,1343990400000,1,'up',NULL,140,NULL,NULL);
INSERT INTO "results" VALUES(1,1343991000000,1,'up',NULL,150,NULL,NULL);
INSERT INTO "results" VALUES(1,1343991600000,1,'up',NULL,200,NULL,NULL);
INSERT INTO "results" VALUES(1,1343992200000,1,'up',NULL,210,NULL,NULL);
INSERT INTO "results" VALUES(1,1343992800000,1,'up',NULL,220,NULL,NULL);
INSERT INTO "results" VALUES(1,1343993400000,1,'up',NULL,230,NULL,NULL);
INSERT INTO "results" VALUES(1,1343994000000,1,'up',NULL,240,NULL,NULL);
INSERT INTO "results" VALUES(1,1343994600000,1,'up',NULL,250,NULL,NULL);
INSERT INTO "results" VALUES(1,1344589200000,1,'up',NULL,100,NULL,NULL);
INSERT INTO "results" VALUES(1,1344589800000,1,'up',NULL,110,NULL,NULL);
INSERT INTO "results" VALUES(1,1344590400000,1,'up',NULL,120,NULL,NULL);
INSERT INTO "results" VALUES(1,1344591000000,1,'down','refused',10000,NULL,'refused');
INSERT INTO "results" VALUES(1,1344591600000,1,'unknown','offline',5,NULL,'offline');
INSERT INTO "results" VALUES(1,1344592200000,1,'up',NULL,130,NULL,NULL);
INSERT INTO "results" VALUES(1,1344592800000,1,'up',NULL,140,NULL,NULL);
INSERT INTO "results" VALUES(1,1344593400000,1,'up',NULL,150,NULL,NULL);
INSERT INTO "results" VALUES(1,1344594000000,1,'up',NULL,160,NULL,NULL);
CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
INSERT INTO "services" VALUES(1,'Twitter');
INSERT INTO "services" VALUES(2,'Gmail');
ANALYZE "sqlite_master";
INSERT INTO "sqlite_stat1" VALUES('incident_notes','incident_notes','1 1 1');
INSERT INTO "sqlite_stat1" VALUES('results','results','18 18 1 1');
CREATE INDEX incidents_by_start ON incidents (started_at);
CREATE INDEX incidents_open ON incidents (service) WHERE ended_at IS NULL;
COMMIT;
PRAGMA user_version = 3;
PRAGMA application_id = 1414676825;

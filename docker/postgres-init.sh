#!/bin/bash
# Runs once, when the database volume is first created: the login role the API
# and worker serve as. It owns nothing and cannot bypass row-level security;
# it gets its privileges through commonweal_app, which the first migration creates.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commonweal_app') THEN
    CREATE ROLE commonweal_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END \$\$;
CREATE ROLE commonweal_api LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${COMMONWEAL_API_PASSWORD}' IN ROLE commonweal_app;
SQL

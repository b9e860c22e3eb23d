-- Run once by the postgres image when its data folder is empty
-- (mounted at /docker-entrypoint-initdb.d/ by docker-compose.yml).
-- One database per service. To start again from scratch: docker compose down -v
CREATE DATABASE etw_identity;
CREATE DATABASE etw_notify;
CREATE DATABASE etw_directory;
-- Future services:
-- CREATE DATABASE etw_projects;
-- CREATE DATABASE etw_twinspace;
-- CREATE DATABASE etw_recognition;

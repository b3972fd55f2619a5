ALTER TABLE "import_jobs" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "dry_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "rows_read" integer DEFAULT 0 NOT NULL;
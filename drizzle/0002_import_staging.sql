-- Staging for imports: rows are COPYed here in batches, checked and merged in SQL, then deleted.
-- UNLOGGED: they are scratch space, not data of record (a crash empties them, which is fine).
CREATE UNLOGGED TABLE "import_stage_opportunities" (
	"org_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"crm_id" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"account" text NOT NULL,
	"name" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stage" text NOT NULL,
	"closed_at" timestamp with time zone,
	"won" boolean,
	PRIMARY KEY ("org_id", "job_id", "line")
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "import_stage_history" (
	"org_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"opportunity_id" text NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	-- One source line may hold several history rows (HubSpot's "Date entered …" columns).
	"part" smallint NOT NULL DEFAULT 0,
	PRIMARY KEY ("org_id", "job_id", "line", "part")
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "import_stage_activities" (
	"org_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"crm_id" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"opportunity_id" text,
	"contact_level" text,
	PRIMARY KEY ("org_id", "job_id", "line")
);

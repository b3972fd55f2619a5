CREATE TABLE "goals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kpi" text,
	"kpi_key" text,
	"outcome" text,
	"unit" text NOT NULL,
	"baseline" double precision,
	"target" double precision NOT NULL,
	"manual_actual" double precision,
	"start_on" date NOT NULL,
	"due_on" date NOT NULL,
	"check_ins" jsonb NOT NULL,
	"parent_id" uuid,
	"pip_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "goals_kpi_or_outcome" CHECK (("goals"."kpi" is not null) <> ("goals"."outcome" is not null)),
	CONSTRAINT "goals_manual_only_without_kpi" CHECK ("goals"."kpi" is null or "goals"."manual_actual" is null),
	CONSTRAINT "goals_dates" CHECK ("goals"."due_on" > "goals"."start_on")
);
--> statement-breakpoint
CREATE TABLE "pip_check_ins" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"pip_id" uuid NOT NULL,
	"on" date NOT NULL,
	"note" text NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pip_check_ins_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pip_events" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"pip_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL,
	CONSTRAINT "pip_events_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "pips" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"rep_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"status" text NOT NULL,
	"concern" text NOT NULL,
	"examples" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"support" jsonb NOT NULL,
	"consequences" text NOT NULL,
	"duration_days" integer NOT NULL,
	"check_in_every_days" integer NOT NULL,
	"start_on" date,
	"end_on" date,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"rep_response" text,
	"outcome" text,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pips_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "pips_closed" CHECK (("pips"."status" = 'closed') = ("pips"."outcome" is not null and "pips"."closed_on" is not null)),
	CONSTRAINT "pips_active_dates" CHECK ("pips"."status" not in ('active', 'extended') or ("pips"."start_on" is not null and "pips"."end_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_org_id_owner_id_people_org_id_id_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_org_id_parent_id_goals_org_id_id_fk" FOREIGN KEY ("org_id","parent_id") REFERENCES "public"."goals"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_check_ins" ADD CONSTRAINT "pip_check_ins_org_id_pip_id_pips_org_id_id_fk" FOREIGN KEY ("org_id","pip_id") REFERENCES "public"."pips"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_events" ADD CONSTRAINT "pip_events_org_id_pip_id_pips_org_id_id_fk" FOREIGN KEY ("org_id","pip_id") REFERENCES "public"."pips"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pips" ADD CONSTRAINT "pips_org_id_rep_id_people_org_id_id_fk" FOREIGN KEY ("org_id","rep_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goals_owner_idx" ON "goals" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "goals_pip_idx" ON "goals" USING btree ("org_id","pip_id");--> statement-breakpoint
CREATE INDEX "pip_events_pip_idx" ON "pip_events" USING btree ("org_id","pip_id","at");--> statement-breakpoint
CREATE INDEX "pips_rep_idx" ON "pips" USING btree ("org_id","rep_id");--> statement-breakpoint
-- A PIP's history is append-only. The app connects as the owner of its tables, so privileges
-- alone would not hold: this trigger refuses any UPDATE or DELETE of a past event, and TRUNCATE.
-- The one exception is deleting the whole organisation, whose events go with it.
CREATE FUNCTION "pip_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM "orgs" WHERE "id" = OLD."org_id") THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'pip_events is append-only: a PIP''s history cannot be %', lower(TG_OP) || 'd'
		USING ERRCODE = 'integrity_constraint_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER "pip_events_append_only" BEFORE UPDATE OR DELETE ON "pip_events" FOR EACH ROW EXECUTE FUNCTION "pip_events_append_only"();
--> statement-breakpoint
CREATE TRIGGER "pip_events_no_truncate" BEFORE TRUNCATE ON "pip_events" FOR EACH STATEMENT EXECUTE FUNCTION "pip_events_append_only"();

CREATE TABLE "calendar_feeds" (
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_org_id_person_id_pk" PRIMARY KEY("org_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "coaching_questions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"skill" text,
	"text" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coaching_questions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "one_on_one_actions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date,
	"done_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_actions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "one_on_one_agenda_items" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"side" text NOT NULL,
	"text" text NOT NULL,
	"discussed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_agenda_items_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "one_on_one_meetings" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"occurrence_at" timestamp with time zone NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"held_at" timestamp with time zone,
	"snapshot" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_meetings_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "one_on_one_meetings_held" CHECK (("one_on_one_meetings"."status" = 'held') = ("one_on_one_meetings"."held_at" is not null and "one_on_one_meetings"."snapshot" is not null))
);
--> statement-breakpoint
CREATE TABLE "one_on_one_notes" (
	"org_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_notes_org_id_meeting_id_kind_version_pk" PRIMARY KEY("org_id","meeting_id","kind","version"),
	CONSTRAINT "one_on_one_notes_version" CHECK ("one_on_one_notes"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "one_on_one_series" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"rep_id" uuid NOT NULL,
	"cadence" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_series_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "one_on_one_series_two_people" CHECK ("one_on_one_series"."manager_id" <> "one_on_one_series"."rep_id")
);
--> statement-breakpoint
CREATE TABLE "one_on_one_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"kpis" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coaching_questions" ADD CONSTRAINT "coaching_questions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_actions" ADD CONSTRAINT "one_on_one_actions_org_id_series_id_one_on_one_series_org_id_id_fk" FOREIGN KEY ("org_id","series_id") REFERENCES "public"."one_on_one_series"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_actions" ADD CONSTRAINT "one_on_one_actions_org_id_meeting_id_one_on_one_meetings_org_id_id_fk" FOREIGN KEY ("org_id","meeting_id") REFERENCES "public"."one_on_one_meetings"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_agenda_items" ADD CONSTRAINT "one_on_one_agenda_items_org_id_meeting_id_one_on_one_meetings_org_id_id_fk" FOREIGN KEY ("org_id","meeting_id") REFERENCES "public"."one_on_one_meetings"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_meetings" ADD CONSTRAINT "one_on_one_meetings_org_id_series_id_one_on_one_series_org_id_id_fk" FOREIGN KEY ("org_id","series_id") REFERENCES "public"."one_on_one_series"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_notes" ADD CONSTRAINT "one_on_one_notes_org_id_meeting_id_one_on_one_meetings_org_id_id_fk" FOREIGN KEY ("org_id","meeting_id") REFERENCES "public"."one_on_one_meetings"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_series" ADD CONSTRAINT "one_on_one_series_org_id_rep_id_people_org_id_id_fk" FOREIGN KEY ("org_id","rep_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_series" ADD CONSTRAINT "one_on_one_series_org_id_manager_id_people_org_id_id_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_settings" ADD CONSTRAINT "one_on_one_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_secret_idx" ON "calendar_feeds" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "coaching_questions_skill_idx" ON "coaching_questions" USING btree ("org_id","skill");--> statement-breakpoint
CREATE INDEX "one_on_one_actions_series_idx" ON "one_on_one_actions" USING btree ("org_id","series_id","created_at");--> statement-breakpoint
CREATE INDEX "one_on_one_agenda_meeting_idx" ON "one_on_one_agenda_items" USING btree ("org_id","meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "one_on_one_meetings_occurrence" ON "one_on_one_meetings" USING btree ("org_id","series_id","occurrence_at");--> statement-breakpoint
CREATE INDEX "one_on_one_meetings_starts_idx" ON "one_on_one_meetings" USING btree ("org_id","series_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "one_on_one_series_one_active" ON "one_on_one_series" USING btree ("org_id","manager_id","rep_id") WHERE "one_on_one_series"."active";--> statement-breakpoint
CREATE INDEX "one_on_one_series_rep_idx" ON "one_on_one_series" USING btree ("org_id","rep_id");
ALTER TABLE "opportunities" ALTER COLUMN "amount_minor" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "amount" numeric;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "opportunity_week_rollup" ADD COLUMN "priced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every stored amount so far was known and in the organisation's currency.
UPDATE "opportunities" SET "amount" = round("amount_minor" / 100.0, 2) WHERE "amount_minor" IS NOT NULL;--> statement-breakpoint
UPDATE "opportunity_week_rollup" SET "priced" = "count";

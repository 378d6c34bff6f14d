CREATE TABLE "case_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"lead_worker_id" uuid NOT NULL,
	"co_worker_id" uuid,
	"override_reason" text,
	"allocated_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_outcomes" (
	"case_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"placement_type" text,
	CONSTRAINT "case_outcomes_case_id_child_id_pk" PRIMARY KEY("case_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"type" text NOT NULL,
	"note" text NOT NULL,
	"out_of_hours" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"months_after_closure" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" text,
	"placement_type" text,
	"source" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"panel_meeting_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"priority" text,
	"rationale" text NOT NULL,
	"stepped_down_to" text,
	"signposting" text,
	"decided_by" uuid NOT NULL,
	"out_of_panel" boolean DEFAULT false NOT NULL,
	"ratified_at" timestamp with time zone,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"date" date NOT NULL,
	"chair_id" uuid,
	"members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_children" (
	"referral_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	CONSTRAINT "referral_children_referral_id_child_id_pk" PRIMARY KEY("referral_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"service_id" uuid,
	"restricted" boolean DEFAULT false NOT NULL,
	"family_id" uuid NOT NULL,
	"strand" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"referrer_id" uuid NOT NULL,
	"referrer_team" text NOT NULL,
	"reason" text NOT NULL,
	"presenting_needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risk_summary" text,
	"at_risk_placement_type" text,
	"current_placement_type" text,
	"consent" text,
	"age_exception_reason" text,
	"screening" jsonb,
	"re_referral" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "service_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "restricted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referral_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "strand" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "priority" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closure_date" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closure_summary" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closure_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "case_allocations" ADD CONSTRAINT "case_allocations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_allocations" ADD CONSTRAINT "case_allocations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_allocations" ADD CONSTRAINT "case_allocations_lead_worker_id_users_id_fk" FOREIGN KEY ("lead_worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_allocations" ADD CONSTRAINT "case_allocations_co_worker_id_users_id_fk" FOREIGN KEY ("co_worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_allocations" ADD CONSTRAINT "case_allocations_allocated_by_users_id_fk" FOREIGN KEY ("allocated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_panel_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("panel_meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_chair_id_users_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_children" ADD CONSTRAINT "referral_children_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_children" ADD CONSTRAINT "referral_children_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_id_users_id_fk" FOREIGN KEY ("referrer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_allocations_case" ON "case_allocations" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "contacts_case" ON "contacts" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_unique" ON "follow_ups" USING btree ("case_id","child_id","months_after_closure");--> statement-breakpoint
CREATE INDEX "follow_ups_due" ON "follow_ups" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "panel_decisions_referral" ON "panel_decisions" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "panel_decisions_meeting" ON "panel_decisions" USING btree ("panel_meeting_id");--> statement-breakpoint
CREATE INDEX "panel_meetings_org_date" ON "panel_meetings" USING btree ("organisation_id","date");--> statement-breakpoint
CREATE INDEX "referral_children_child" ON "referral_children" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "referrals_org_status" ON "referrals" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "referrals_family" ON "referrals" USING btree ("family_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_closure_requested_by_users_id_fk" FOREIGN KEY ("closure_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "wellbeing_directory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"criteria" text NOT NULL,
	"contact" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sdq_id" uuid,
	"raised_on" date NOT NULL,
	"due_on" date NOT NULL,
	"note" text,
	"responded_on" date,
	"response" text,
	"responded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_onward_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"directory_entry_id" uuid NOT NULL,
	"referred_on" date NOT NULL,
	"reason" text NOT NULL,
	"outcome" text,
	"outcome_on" date,
	"outcome_note" text,
	"recorded_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_outcomes" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"placement_stability" smallint,
	"breakdowns_during" integer DEFAULT 0 NOT NULL,
	"breakdowns_after" integer DEFAULT 0 NOT NULL,
	"notes" text,
	"recorded_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"care_status" text NOT NULL,
	"responsible_organisation_id" uuid,
	"responsible_authority" text NOT NULL,
	"placement_type" text NOT NULL,
	"placement_details" text,
	"referred_on" date NOT NULL,
	"referrer_name" text NOT NULL,
	"referrer_role" text,
	"reason" text NOT NULL,
	"priorities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"consent" text NOT NULL,
	"information_sharing" text NOT NULL,
	"consent_notes" text,
	"status" text DEFAULT 'awaiting_triage' NOT NULL,
	"closed_on" date,
	"closure_reason" text,
	"closure_summary" text,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_sdq_items" (
	"sdq_id" uuid NOT NULL,
	"item" smallint NOT NULL,
	"answer" smallint NOT NULL,
	CONSTRAINT "wellbeing_sdq_items_sdq_id_item_pk" PRIMARY KEY("sdq_id","item")
);
--> statement-breakpoint
CREATE TABLE "wellbeing_sdqs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"informant" text NOT NULL,
	"stage" text NOT NULL,
	"completed_on" date NOT NULL,
	"impact" jsonb,
	"scores" jsonb NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"activity" text NOT NULL,
	"mode" text NOT NULL,
	"lead" text NOT NULL,
	"duration_minutes" integer,
	"note" text,
	"agreed_amount" numeric(12, 2),
	"tariff_id" uuid,
	"cost" numeric(12, 2),
	"recorded_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_settings" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"flag_response_working_days" integer DEFAULT 10 NOT NULL,
	"triage_target_days" integer DEFAULT 20 NOT NULL,
	"first_session_target_days" integer DEFAULT 42 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"max_amount" numeric(12, 2),
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wellbeing_triages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"assessed_on" date NOT NULL,
	"needs" jsonb NOT NULL,
	"notes" text,
	"recommended" text NOT NULL,
	"decided" text NOT NULL,
	"override_reason" text,
	"assessed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wellbeing_directory" ADD CONSTRAINT "wellbeing_directory_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_flags" ADD CONSTRAINT "wellbeing_flags_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_flags" ADD CONSTRAINT "wellbeing_flags_sdq_id_wellbeing_sdqs_id_fk" FOREIGN KEY ("sdq_id") REFERENCES "public"."wellbeing_sdqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_flags" ADD CONSTRAINT "wellbeing_flags_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_onward_referrals" ADD CONSTRAINT "wellbeing_onward_referrals_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_onward_referrals" ADD CONSTRAINT "wellbeing_onward_referrals_directory_entry_id_wellbeing_directory_id_fk" FOREIGN KEY ("directory_entry_id") REFERENCES "public"."wellbeing_directory"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_onward_referrals" ADD CONSTRAINT "wellbeing_onward_referrals_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_outcomes" ADD CONSTRAINT "wellbeing_outcomes_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_outcomes" ADD CONSTRAINT "wellbeing_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_referrals" ADD CONSTRAINT "wellbeing_referrals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_referrals" ADD CONSTRAINT "wellbeing_referrals_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_referrals" ADD CONSTRAINT "wellbeing_referrals_responsible_organisation_id_organisations_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_referrals" ADD CONSTRAINT "wellbeing_referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sdq_items" ADD CONSTRAINT "wellbeing_sdq_items_sdq_id_wellbeing_sdqs_id_fk" FOREIGN KEY ("sdq_id") REFERENCES "public"."wellbeing_sdqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sdqs" ADD CONSTRAINT "wellbeing_sdqs_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sdqs" ADD CONSTRAINT "wellbeing_sdqs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sessions" ADD CONSTRAINT "wellbeing_sessions_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sessions" ADD CONSTRAINT "wellbeing_sessions_tariff_id_wellbeing_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."wellbeing_tariffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_sessions" ADD CONSTRAINT "wellbeing_sessions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD CONSTRAINT "wellbeing_settings_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_tariffs" ADD CONSTRAINT "wellbeing_tariffs_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_tariffs" ADD CONSTRAINT "wellbeing_tariffs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_triages" ADD CONSTRAINT "wellbeing_triages_referral_id_wellbeing_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."wellbeing_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_triages" ADD CONSTRAINT "wellbeing_triages_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wellbeing_directory_service" ON "wellbeing_directory" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "wellbeing_flags_referral" ON "wellbeing_flags" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "wellbeing_onward_referral" ON "wellbeing_onward_referrals" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "wellbeing_referrals_service_status" ON "wellbeing_referrals" USING btree ("service_id","status");--> statement-breakpoint
CREATE INDEX "wellbeing_sdqs_referral" ON "wellbeing_sdqs" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "wellbeing_sessions_referral" ON "wellbeing_sessions" USING btree ("referral_id","held_on");--> statement-breakpoint
CREATE INDEX "wellbeing_tariffs_service" ON "wellbeing_tariffs" USING btree ("service_id","activity");--> statement-breakpoint
CREATE INDEX "wellbeing_triages_referral" ON "wellbeing_triages" USING btree ("referral_id");
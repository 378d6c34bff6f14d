CREATE TABLE "finance_historic_children" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"case_reference" text NOT NULL,
	"local_child_id" text NOT NULL,
	"strand" text NOT NULL,
	"referral_date" date NOT NULL,
	"closure_date" date NOT NULL,
	"age_at_referral" integer NOT NULL,
	"at_risk_placement_type" text,
	"current_placement_type" text,
	"outcome" text NOT NULL,
	"placement_type" text,
	"follow_up_3" text,
	"follow_up_6" text,
	"follow_up_12" text,
	"follow_up_18" text
);
--> statement-breakpoint
CREATE TABLE "finance_historic_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"file_name" text NOT NULL,
	"cases" integer NOT NULL,
	"children" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_parameters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"low" numeric(12, 4) NOT NULL,
	"central" numeric(12, 4) NOT NULL,
	"high" numeric(12, 4) NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "finance_savings_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"financial_year" text NOT NULL,
	"cumulative_savings" numeric(14, 2) NOT NULL,
	"fewer_looked_after_children" integer,
	"source" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "finance_service_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"description" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "finance_unit_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"placement_type" text NOT NULL,
	"provider" text,
	"amount" numeric(14, 2) NOT NULL,
	"per" text NOT NULL,
	"source" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "finance_historic_children" ADD CONSTRAINT "finance_historic_children_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_historic_children" ADD CONSTRAINT "finance_historic_children_import_id_finance_historic_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."finance_historic_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_historic_imports" ADD CONSTRAINT "finance_historic_imports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_historic_imports" ADD CONSTRAINT "finance_historic_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_parameters" ADD CONSTRAINT "finance_parameters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_parameters" ADD CONSTRAINT "finance_parameters_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_savings_targets" ADD CONSTRAINT "finance_savings_targets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_savings_targets" ADD CONSTRAINT "finance_savings_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_service_costs" ADD CONSTRAINT "finance_service_costs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_service_costs" ADD CONSTRAINT "finance_service_costs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_unit_costs" ADD CONSTRAINT "finance_unit_costs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_unit_costs" ADD CONSTRAINT "finance_unit_costs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_historic_children_case_child" ON "finance_historic_children" USING btree ("organisation_id","case_reference","local_child_id");--> statement-breakpoint
CREATE INDEX "finance_historic_children_org_closure" ON "finance_historic_children" USING btree ("organisation_id","closure_date");--> statement-breakpoint
CREATE INDEX "finance_historic_imports_org" ON "finance_historic_imports" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_parameters_org_name" ON "finance_parameters" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_savings_targets_org_year" ON "finance_savings_targets" USING btree ("organisation_id","financial_year");--> statement-breakpoint
CREATE INDEX "finance_service_costs_org" ON "finance_service_costs" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "finance_unit_costs_org_type" ON "finance_unit_costs" USING btree ("organisation_id","placement_type");
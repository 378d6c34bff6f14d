CREATE INDEX "relationships_from" ON "relationships" USING btree ("from_type","from_id");--> statement-breakpoint
CREATE INDEX "relationships_to" ON "relationships" USING btree ("to_type","to_id");
-- Every policy change says why. Versions stored before this release have none.
ALTER TABLE sufficiency_policies ADD COLUMN reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 2000);
ALTER TABLE supervision_policies ADD COLUMN reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 2000);
ALTER TABLE panel_policies ADD COLUMN reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 2000);
ALTER TABLE year_policies ADD COLUMN reason text CHECK (length(btrim(reason)) BETWEEN 1 AND 2000);

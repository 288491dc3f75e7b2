-- Version 5: where a photo was taken (the GPS tags of the original file, read before
-- re-encoding drops them), offered to the resident as the complaint's coordinates.
-- Never uploaded; wiped with the photo.
ALTER TABLE photo ADD COLUMN lat REAL;
ALTER TABLE photo ADD COLUMN lon REAL;

-- The published communities reference (SAMPLE list until the municipality's registry replaces it).
select
    area_id,
    name_th,
    name_en,
    population,
    households,
    centroid_lat,
    centroid_lon
from {{ ref('ref_areas') }}

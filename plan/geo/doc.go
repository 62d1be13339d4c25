// Package geo owns the geometry electplan needs: British National Grid to
// WGS84 conversion, the UK bounds check, distances, spatial indexes for
// nearest-base and concurrency queries, and boundary (point-in-polygon)
// lookups against ONS GeoJSON files.
package geo

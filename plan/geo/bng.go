package geo

import "math"

// British National Grid (EPSG:27700) is a transverse Mercator projection of
// the Airy 1830 ellipsoid on the OSGB36 datum. The conversion below follows
// Ordnance Survey, "A guide to coordinate systems in Great Britain" (annex
// C for the projection, section 6.6 for the Helmert transformation). The
// projection is exact to well under a millimetre; the seven-parameter
// Helmert transformation between OSGB36 and WGS84 is accurate to about 5
// metres across Great Britain, which is ample for planning patrols and
// maps (OSTN15 would be needed for survey accuracy).

const (
	airyA  = 6377563.396
	airyB  = 6356256.909
	grs80A = 6378137.0
	grs80B = 6356752.314140

	bngF0   = 0.9996012717
	bngLat0 = 49.0 * math.Pi / 180
	bngLon0 = -2.0 * math.Pi / 180
	bngE0   = 400000.0
	bngN0   = -100000.0

	arcsec = math.Pi / (180 * 3600)
)

// helmert holds the parameters of a seven-parameter transformation:
// translations in metres, rotations in arc-seconds, scale in ppm.
type helmert struct{ tx, ty, tz, rx, ry, rz, s float64 }

// osgb36ToWGS84 is the inverse of the OS WGS84→OSGB36 parameters.
var osgb36ToWGS84 = helmert{tx: 446.448, ty: -125.157, tz: 542.060, rx: 0.1502, ry: 0.2470, rz: 0.8421, s: -20.4894}

func (h helmert) apply(x, y, z float64) (float64, float64, float64) {
	s := 1 + h.s*1e-6
	rx, ry, rz := h.rx*arcsec, h.ry*arcsec, h.rz*arcsec
	return h.tx + s*x - rz*y + ry*z,
		h.ty + rz*x + s*y - rx*z,
		h.tz - ry*x + rx*y + s*z
}

func (h helmert) inverse() helmert {
	return helmert{-h.tx, -h.ty, -h.tz, -h.rx, -h.ry, -h.rz, -h.s}
}

// BNGToWGS84 converts a British National Grid easting and northing in
// metres to WGS84 latitude and longitude in degrees.
func BNGToWGS84(easting, northing float64) (lat, lon float64) {
	phi, lambda := bngToOSGB36(easting, northing)
	x, y, z := toCartesian(phi, lambda, airyA, airyB)
	x, y, z = osgb36ToWGS84.apply(x, y, z)
	phi, lambda = fromCartesian(x, y, z, grs80A, grs80B)
	return phi * 180 / math.Pi, lambda * 180 / math.Pi
}

// WGS84ToBNG converts WGS84 latitude and longitude in degrees to a British
// National Grid easting and northing in metres.
func WGS84ToBNG(lat, lon float64) (easting, northing float64) {
	x, y, z := toCartesian(lat*math.Pi/180, lon*math.Pi/180, grs80A, grs80B)
	x, y, z = osgb36ToWGS84.inverse().apply(x, y, z)
	phi, lambda := fromCartesian(x, y, z, airyA, airyB)
	return osgb36ToBNG(phi, lambda)
}

// meridionalArc is M in the OS guide: the distance along the central
// meridian from the true origin's latitude to phi, scaled by F0.
func meridionalArc(phi float64) float64 {
	n := (airyA - airyB) / (airyA + airyB)
	n2, n3 := n*n, n*n*n
	d, s := phi-bngLat0, phi+bngLat0
	return airyB * bngF0 * ((1+n+1.25*n2+1.25*n3)*d -
		(3*n+3*n2+21.0/8*n3)*math.Sin(d)*math.Cos(s) +
		(15.0/8*n2+15.0/8*n3)*math.Sin(2*d)*math.Cos(2*s) -
		35.0/24*n3*math.Sin(3*d)*math.Cos(3*s))
}

// bngToOSGB36 is the inverse transverse Mercator projection (radians).
func bngToOSGB36(e, n float64) (phi, lambda float64) {
	a, e2 := airyA, 1-(airyB*airyB)/(airyA*airyA)
	phi = bngLat0
	m := 0.0
	for i := 0; i < 100; i++ {
		phi += (n - bngN0 - m) / (a * bngF0)
		m = meridionalArc(phi)
		if math.Abs(n-bngN0-m) < 1e-5 {
			break
		}
	}
	sin, cos, tan := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	nu := a * bngF0 / math.Sqrt(1-e2*sin*sin)
	rho := a * bngF0 * (1 - e2) / math.Pow(1-e2*sin*sin, 1.5)
	eta2 := nu/rho - 1
	t2, t4, t6 := tan*tan, math.Pow(tan, 4), math.Pow(tan, 6)
	sec := 1 / cos

	vii := tan / (2 * rho * nu)
	viii := tan / (24 * rho * math.Pow(nu, 3)) * (5 + 3*t2 + eta2 - 9*t2*eta2)
	ix := tan / (720 * rho * math.Pow(nu, 5)) * (61 + 90*t2 + 45*t4)
	x := sec / nu
	xi := sec / (6 * math.Pow(nu, 3)) * (nu/rho + 2*t2)
	xii := sec / (120 * math.Pow(nu, 5)) * (5 + 28*t2 + 24*t4)
	xiia := sec / (5040 * math.Pow(nu, 7)) * (61 + 662*t2 + 1320*t4 + 720*t6)

	de := e - bngE0
	phi = phi - vii*de*de + viii*math.Pow(de, 4) - ix*math.Pow(de, 6)
	lambda = bngLon0 + x*de - xi*math.Pow(de, 3) + xii*math.Pow(de, 5) - xiia*math.Pow(de, 7)
	return phi, lambda
}

// osgb36ToBNG is the forward transverse Mercator projection (radians in).
func osgb36ToBNG(phi, lambda float64) (e, n float64) {
	a, e2 := airyA, 1-(airyB*airyB)/(airyA*airyA)
	sin, cos, tan := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	nu := a * bngF0 / math.Sqrt(1-e2*sin*sin)
	rho := a * bngF0 * (1 - e2) / math.Pow(1-e2*sin*sin, 1.5)
	eta2 := nu/rho - 1
	t2, t4 := tan*tan, math.Pow(tan, 4)
	m := meridionalArc(phi)

	i := m + bngN0
	ii := nu / 2 * sin * cos
	iii := nu / 24 * sin * math.Pow(cos, 3) * (5 - t2 + 9*eta2)
	iiia := nu / 720 * sin * math.Pow(cos, 5) * (61 - 58*t2 + t4)
	iv := nu * cos
	v := nu / 6 * math.Pow(cos, 3) * (nu/rho - t2)
	vi := nu / 120 * math.Pow(cos, 5) * (5 - 18*t2 + t4 + 14*eta2 - 58*t2*eta2)

	dl := lambda - bngLon0
	n = i + ii*dl*dl + iii*math.Pow(dl, 4) + iiia*math.Pow(dl, 6)
	e = bngE0 + iv*dl + v*math.Pow(dl, 3) + vi*math.Pow(dl, 5)
	return e, n
}

// toCartesian converts geodetic coordinates (radians, height 0) on the
// ellipsoid with semi-axes a and b to earth-centred cartesian metres.
func toCartesian(phi, lambda, a, b float64) (x, y, z float64) {
	e2 := 1 - (b*b)/(a*a)
	sin := math.Sin(phi)
	nu := a / math.Sqrt(1-e2*sin*sin)
	return nu * math.Cos(phi) * math.Cos(lambda),
		nu * math.Cos(phi) * math.Sin(lambda),
		(1 - e2) * nu * sin
}

// fromCartesian converts earth-centred cartesian metres to geodetic
// latitude and longitude (radians) on the ellipsoid with semi-axes a and b.
func fromCartesian(x, y, z, a, b float64) (phi, lambda float64) {
	e2 := 1 - (b*b)/(a*a)
	p := math.Hypot(x, y)
	phi = math.Atan2(z, p*(1-e2))
	for i := 0; i < 20; i++ {
		sin := math.Sin(phi)
		nu := a / math.Sqrt(1-e2*sin*sin)
		next := math.Atan2(z+e2*nu*sin, p)
		if math.Abs(next-phi) < 1e-12 {
			phi = next
			break
		}
		phi = next
	}
	return phi, math.Atan2(y, x)
}

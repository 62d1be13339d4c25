package importers

import (
	"bytes"
	"fmt"
	"testing"
)

// bigExport is an Xpress "Democracy Club" export of a large council:
// places polling places with rowsPerPlace addresses each.
func bigExport(places, rowsPerPlace int) []byte {
	var b bytes.Buffer
	b.WriteString("ElectionDate,Contested,Property_URN,AddressLine1,AddressLine2,AddressLine3,AddressLine4,AddressLine5,Addressline6,Post_Code,Polling_Place_District_Reference,Polling_Place_Id,Polling_Place_Name,Polling_Place_Address_1,Polling_Place_Address_2,Polling_Place_Address_3,Polling_Place_Address_4,Polling_Place_Postcode,Polling_Place_Easting,Polling_Place_Northing,Polling_Place_UPRN\r\n")
	for p := range places {
		for r := range rowsPerPlace {
			fmt.Fprintf(&b, "18/03/2027,Yes,%d,%d Example Street,Reading,,,,RG1 %dAB,RG1 %dAB,D%d,%d,\"Hall %d, Church Road\",Church Road,Reading,,,RG1 2CD,%d,%d,%d\r\n",
				310000000000+p*1000+r, r+1, p%10, p%10, p, 1000+p, p, 470000+p, 173000+p, 10070000000+p)
		}
	}
	return b.Bytes()
}

// A council export of 100 MB and more is read once, as a stream: the
// time grows with the rows, the memory with the polling places.
func BenchmarkReadStationsLargeExport(b *testing.B) {
	data := bigExport(600, 500) // 300,000 rows, about 55 MB
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sr, err := readStations(bytes.NewReader(data), "big.csv", "xpress-dc", &collector{})
		if err != nil || len(sr.places) != 600 {
			b.Fatalf("%v, %d places", err, len(sr.places))
		}
	}
}

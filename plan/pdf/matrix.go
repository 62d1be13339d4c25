package pdf

import (
	"fmt"

	"github.com/electplan/electplan/riskmodel"
)

// Axis labels of the 5×5 matrix (National Risk Register wording for
// impact; plain words for likelihood).
var (
	likelihoodLabels = []string{"Very unlikely", "Unlikely", "Possible", "Likely", "Very likely"}
	impactLabels     = []string{"Minor", "Limited", "Moderate", "Significant", "Catastrophic"}
)

// tint lightens a band colour so the count in each cell stays readable.
func tint(c rgb, amount float64) rgb {
	mix := func(v int) int { return v + int(float64(255-v)*amount) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// matrix draws the 5×5 likelihood × impact matrix with the number of
// flashpoints (events, counts and polling stations) in each cell.
func (r *renderer) matrix() {
	pg, f, p := r.pg, r.pg.f, r.p
	var grid [6][6]int
	total := 0
	place := func(l, i int) {
		if l >= 1 && l <= 5 && i >= 1 && i <= 5 {
			grid[l][i]++
			total++
		}
	}
	for _, e := range p.Flashpoints {
		place(e.Likelihood, e.Impact)
	}
	for _, c := range p.Counts {
		place(c.Likelihood, c.Impact)
	}
	for _, s := range p.PollingStations {
		place(s.Likelihood, s.Impact)
	}
	const cellW, cellH, labelW = 25.0, 15.0, 30.0
	height := cellH*5 + 22
	pg.ensure(height + 20)
	x0 := marginL + labelW + 6
	y0 := f.GetY() + 2
	m := riskmodel.National()
	for l := 5; l >= 1; l-- {
		y := y0 + float64(5-l)*cellH
		pg.font("", 8)
		pg.text(ink)
		f.SetXY(marginL, y+cellH/2-4)
		f.CellFormat(labelW+4, 4, fmt.Sprintf("%d  %s", l, likelihoodLabels[l-1]), "", 0, "R", false, 0, "")
		for i := 1; i <= 5; i++ {
			x := x0 + float64(i-1)*cellW
			band := m.BandOf(l * i)
			c := bandColours[band]
			fill := tint(c.fill, 0.55)
			if band == riskmodel.VeryHigh {
				fill = rgb{64, 64, 64}
			}
			pg.fill(fill)
			pg.draw(white)
			f.SetLineWidth(0.6)
			f.Rect(x, y, cellW, cellH, "DF")
			n := grid[l][i]
			textColour := ink
			if band == riskmodel.VeryHigh {
				textColour = white
			}
			pg.text(textColour)
			pg.font("", 6.5)
			f.SetXY(x+1, y+1)
			f.CellFormat(cellW-2, 3, fmt.Sprintf("%d×%d=%d", l, i, l*i), "", 0, "L", false, 0, "")
			if n > 0 {
				pg.font("B", 14)
				f.SetXY(x, y+cellH/2-3)
				f.CellFormat(cellW, 7, fmt.Sprint(n), "", 0, "C", false, 0, "")
			}
		}
	}
	pg.text(ink)
	pg.font("", 8)
	yAxis := y0 + 5*cellH + 1.5
	for i := 1; i <= 5; i++ {
		f.SetXY(x0+float64(i-1)*cellW, yAxis)
		f.CellFormat(cellW, 4, fmt.Sprintf("%d  %s", i, impactLabels[i-1]), "", 0, "C", false, 0, "")
	}
	pg.font("B", 8.5)
	pg.text(navy)
	f.SetXY(x0, yAxis+5)
	f.CellFormat(cellW*5, 5, "IMPACT →", "", 0, "C", false, 0, "")
	// The likelihood axis title runs up the left edge. Text rather than a
	// cell: fpdf reads a negative cell x as "from the right edge".
	label := "LIKELIHOOD →"
	px, py := marginL+3.5, y0+cellH*2.5
	f.TransformBegin()
	f.TransformRotate(90, px, py)
	pg.textAt(px-f.GetStringWidth(label)/2, py, label)
	f.TransformEnd()
	pg.forgetState()
	pg.text(ink)
	f.SetY(yAxis + 12)
	pg.note(fmt.Sprintf("%d flashpoints placed: %d events, %d counts and %d polling stations. Each cell shows how many "+
		"flashpoints scored that likelihood and impact; its colour is the band of the score.",
		total, len(p.Flashpoints), len(p.Counts), len(p.PollingStations)))
}

package synth

import (
	"bytes"
	"fmt"

	"github.com/electplan/electplan/plan"
	"github.com/electplan/electplan/riskmodel"
)

// Comparison compares six small synthetic forces as of 2029-04-20, as the
// national lead would: Force 02 built with a non-standard model, Force 04
// stale, Force 06 with no returning officers' ratings or past incidents
// (so no red polling stations), and a seventh file of another schema
// version. name, if not nil, names the forces by number (1 to 7).
func Comparison(name func(n uint64) string) (*plan.Comparison, error) {
	if name == nil {
		name = func(n uint64) string { return fmt.Sprintf("Force %02d", n) }
	}
	asOf := plan.NewDate(2029, 4, 20)
	changed, err := riskmodel.Parse(bytes.Replace(riskmodel.NationalSource(), []byte("counter_protest: 2"), []byte("counter_protest: 3"), 1))
	if err != nil {
		return nil, err
	}
	var plans []plan.ComparedPlan
	for seed := uint64(1); seed <= 6; seed++ {
		in := Generate(OneForce(seed).Scaled(0.15))
		in.Force.Name, in.Force.Code = name(seed), fmt.Sprintf("E230000%02d", seed)
		model, built := riskmodel.National(), asOf
		switch seed {
		case 2:
			model = changed
		case 4:
			built = asOf.AddDays(-19)
		case 6:
			for i := range in.PollingStations {
				in.PollingStations[i].RORating, in.PollingStations[i].IncidentsLastElection = "", 0
			}
		}
		p, err := plan.Build(in, model, built)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan.ComparedPlan{Path: fmt.Sprintf("plans/force-%02d/plan.json", seed), Schema: p.Schema, Plan: p})
	}
	plans = append(plans, plan.ComparedPlan{Path: "plans/force-07.json", Schema: "electplan-plan/v2", Plan: &plan.Plan{
		Schema: "electplan-plan/v2", Force: plan.ForceInfo{Name: name(7), Code: "E23000007"}, Revision: 3, AsOf: asOf,
		Election: plan.ElectionInfo{ID: "parl.2029-05-03", PollingDay: plan.NewDate(2029, 5, 3)}}})
	return plan.Compare(plans, plan.CompareOptions{AsOf: asOf}), nil
}

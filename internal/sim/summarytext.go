package sim

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// fmtOpt is a time after launch, or a dash for never.
func fmtOpt(x *float64, launch float64) string {
	if x == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f", *x-launch)
}

// WriteText prints the summary as jrmd run does: the threats, the reasons
// of those not engaged, the nations, the totals and any lost node.
func (s Summary) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "%s, %s, seed %d\n\n", s.Scenario, s.Integration, s.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "threat\tclass\tasset\tlaunch s\tdetected +s\tfirm track +s\twarned +s\tshared +s\tinterceptor launch +s\tbattlespace s\tshots\toutcome\t")
	for _, t := range s.Threats {
		space := "—"
		if t.BattlespaceS != nil {
			space = fmt.Sprintf("%.0f", *t.BattlespaceS)
		}
		outcome := t.Outcome
		if t.KilledBy != "" {
			outcome += " by " + t.KilledBy
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", t.ID, t.Class, t.Asset, t.LaunchS,
			fmtOpt(t.FirstDetectionS, t.LaunchS), fmtOpt(t.FirstFirmTrackS, t.LaunchS), fmtOpt(t.WarningS, t.LaunchS),
			fmtOpt(t.FirstSharedTrackS, t.LaunchS), fmtOpt(t.EarliestLaunchS, t.LaunchS), space, t.Shots, outcome)
	}
	tw.Flush()
	fmt.Fprintln(w)
	if len(s.Totals.NotEngaged) > 0 {
		fmt.Fprintln(w, "not engaged (reasons: docs/outcomes.md; details: summary.json's not_engaged_detail):")
		for _, t := range s.Threats {
			if t.NotEngagedReason != "" {
				by := ""
				if t.NotEngagedNation != "" {
					by = " (" + t.NotEngagedNation + ")"
				}
				fmt.Fprintf(w, "  %s: %s%s\n", t.ID, t.NotEngagedReason, by)
			}
		}
		fmt.Fprintln(w)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "nation\tinterceptors spent\tduplicate shots\tkills\t")
	for _, n := range s.Nations {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", n.ID, n.InterceptorsSpent, n.DuplicateShots, n.Kills)
	}
	tw.Flush()
	_, err := fmt.Fprintf(w, "\n%d threats: %d killed, %d leakers (%s); %d interceptors spent; %d duplicate engagements\n",
		s.Totals.Threats, s.Totals.Killed, s.Totals.Leakers, byAsset(s.Totals.LeakersByAsset), s.Totals.InterceptorsSpent, s.Totals.DuplicateEngagements)
	for _, l := range s.LostNodes {
		back := "did not rejoin"
		if l.RejoinedS != nil {
			back = fmt.Sprintf("rejoined at %.1f s", *l.RejoinedS)
		}
		_, err = fmt.Fprintf(w, "node %s lost at %.1f s (%s); %s\n", l.Nation, l.LostS, l.Why, back)
	}
	return err
}

// byAsset lists leakers by asset, in name order.
func byAsset(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

package track

// The bounds a Tracker keeps on any input, past which it approximates
// (and counts it, Approximations) rather than grow without limit. A scene
// within them is tracked exactly: on the package's tests and benchmarks,
// and on the simulator's scenarios, no bound is reached.
const (
	// MaxScanPairs bounds the track–measurement pairs a scan scores. A
	// scored pair holds its innovation (about 500 bytes); a dense cluster,
	// where every one of n tracks is within the pre-gate of every one of n
	// measurements, has n² of them: 8,000 tightly clustered detections
	// (two scans of 4,000) made 16 million, 8 GB. Past the bound, each
	// measurement is scored against its nearest tracks only
	// (nearestPairs): at most MaxScanPairs pairs (about 32 MB of
	// hypotheses), and no more than maxNearest per measurement. The
	// largest scan of the package's tests and benchmarks and of the
	// reference scenario has about 1,300 candidate pairs.
	MaxScanPairs = 1 << 16
	// maxNearest is the most tracks a measurement is scored against past
	// MaxScanPairs.
	maxNearest = 64
	// MaxClusterCells bounds the cost matrix of one cluster of the GNN
	// (tracks × (measurements + tracks), 8 bytes each) and so the optimal
	// solver's time, which grows with the cube of its side. Past it the
	// cluster is assigned greedily (GNN). The simulator's radars, which
	// dwell on at most a few hundred objects a scan, stay well inside.
	MaxClusterCells = 1 << 20
	// sensorSlots is how many sensors the tracker tells apart: a track
	// keeps a miss count and a bit for each slot, and sensor k (in order
	// of first appearance) has slot k mod sensorSlots. A Step with more
	// sensors than slots scans once per slot (mergeSlots).
	sensorSlots = 64
)

// Approximations counts what a Tracker did approximately because a scene
// passed one of its bounds; all zero means every Step was exact. A caller
// that reports results reports a non-zero count with them.
type Approximations struct {
	// NearestScans counts the scans with more candidate pairs than
	// MaxScanPairs, in which each measurement was scored against its
	// nearest tracks only (nearestPairs).
	NearestScans int
	// GreedyClusters counts the clusters larger than MaxClusterCells,
	// assigned greedily by the GNN.
	GreedyClusters int
	// MergedSteps counts the Steps with more sensors than the tracker
	// tells apart (64), whose sensors sharing a slot scanned as one.
	MergedSteps int
}

// Any reports whether anything was approximated.
func (a Approximations) Any() bool { return a != Approximations{} }

// Approximations returns what the tracker has approximated so far.
func (t *Tracker) Approximations() Approximations {
	a := t.approx
	if g, ok := t.Associator.(*GNN); ok {
		a.GreedyClusters = g.greedyClusters
	}
	return a
}

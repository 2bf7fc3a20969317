// Package fusion builds a nation's picture from source tracks — its own
// sensors' tracks and partners' system tracks received over links:
// track-to-track association in a chi-square gate, stable system track
// numbers, covariance intersection (safe with unknown cross-correlation),
// and late or out-of-sequence reports handled by keeping the latest report
// of each source and predicting to a common time.
package fusion

// Package stat holds the few statistical functions JRMD needs, written out
// with their references rather than taken from a library: the regularised
// incomplete gamma and beta functions (one home for their continued
// fractions), the chi-square distribution and its quantile (tracking's
// gates and consistency bands), Student's t distribution and its quantile,
// and confidence intervals for a mean (Student t), a proportion (Wilson
// score), a paired difference of means (paired t) and a paired difference
// of proportions (Newcombe's method 10). Each Interval names its method
// and sample size, so that an output can say how it was computed.
//
//	iv := stat.Wilson(0, 20, 0.95) // 0 of 20: [0, 0.161], never zero wide
//	fmt.Printf("%.2f [%.2f, %.2f], %s, n = %d\n", iv.Estimate, iv.Lo, iv.Hi, iv.Method, iv.N)
package stat

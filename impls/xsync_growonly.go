package impls

// newXsyncGrowOnly is xsync/v3 MapOf with WithGrowOnly: the table grows as
// keys are added but never shrinks on Delete (only Clear resets it to the
// initial length). It shares xsyncMap with "xsync".
func newXsyncGrowOnly[K comparable, V any](hint int) Map[K, V] {
	return newXsync[K, V](hint, true)
}

package simd

// SetTileOneTokenByRows sets whether tiles of a single token go to the
// row kernel (see tileOneTokenByRows) and returns a function restoring
// the setting.
func SetTileOneTokenByRows(on bool) (restore func()) {
	saved := tileOneTokenByRows
	tileOneTokenByRows = on
	return func() { tileOneTokenByRows = saved }
}

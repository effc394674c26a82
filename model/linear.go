package model

import (
	"fmt"
	"runtime"

	"github.com/laminalabs/lamina/simd"
	"github.com/laminalabs/lamina/tensor"
)

// linear is a weight matrix of out rows of in weights, kept in its file
// type, with an optional bias. Its rows are multiplied with activations
// quantized to the kernel's activation type, as llama.cpp does.
type linear struct {
	w       tensor.Tensor
	in, out int
	bias    []float32 // (out) or nil
	k       simd.Kernel
	wRow    int  // bytes of one weight row
	actRow  int  // bytes of one quantized activation row
	isView  bool // rows of a larger (fused) matrix

	// Where the kernel has Group kernels, rows [0, gRows) (whole groups)
	// repacked for them, as llama.cpp repacks weights at load; the rows
	// after gRows stay in w.
	groups []byte
	gRows  int
}

func newLinear(t tensor.Tensor, in, out int) (*linear, error) { return makeLinear(t, in, out, true) }

// newRowLinear is newLinear without grouped rows, for the matrices that
// are multiplied by rows alone (a mixture's experts, on their tokens).
func newRowLinear(t tensor.Tensor, in, out int) (*linear, error) {
	return makeLinear(t, in, out, false)
}

// makeLinear makes a linear, with grouped rows where group is set and the
// kernel has Group kernels.
func makeLinear(t tensor.Tensor, in, out int, group bool) (*linear, error) {
	k, ok := simd.KernelFor(uint32(t.Type))
	if !ok {
		return nil, fmt.Errorf("no matrix kernel for %s weights yet", t.Type)
	}
	if in%k.ActBlockSize != 0 {
		return nil, fmt.Errorf("row length %d is not a multiple of the %d-weight activation block", in, k.ActBlockSize)
	}
	l := &linear{w: t, in: in, out: out, k: k, wRow: t.RowBytes(), actRow: in / k.ActBlockSize * k.ActBlockBytes}
	if group && k.Group != nil {
		l.group()
	}
	return l, nil
}

// group repacks l's whole groups of simd.GroupRows rows into l.groups.
func (l *linear) group() {
	G := simd.GroupRows
	if l.gRows = l.out / G * G; l.gRows == 0 {
		return
	}
	l.groups = make([]byte, l.gRows*l.wRow)
	size := G * l.wRow
	_ = tensor.ForRows(l.gRows/G, runtime.NumCPU(), func(_, lo, hi int) error {
		for g := lo; g < hi; g++ {
			l.k.Group.Repack(l.groups[g*size:(g+1)*size], l.w.Data[g*size:(g+1)*size], l.wRow, l.in)
		}
		return nil
	})
}

// view returns the linear of output rows [lo, hi) of l, sharing its
// weights (no copy): how fused matrices such as Phi-3's attn_qkv are split.
// A nil l gives nil.
func (l *linear) view(lo, hi int) *linear {
	if l == nil {
		return nil
	}
	v := *l
	v.w.Name = fmt.Sprintf("%s[rows %d:%d]", l.w.Name, lo, hi)
	v.w.Shape = []int64{int64(l.in), int64(hi - lo)}
	v.w.Data = l.w.Data[lo*l.wRow : hi*l.wRow : hi*l.wRow]
	v.out, v.isView = hi-lo, true
	if l.bias != nil {
		v.bias = l.bias[lo:hi:hi]
	}
	// The view keeps the groups it holds whole, from its first row.
	v.groups, v.gRows = nil, 0
	if G := simd.GroupRows; l.groups != nil && lo%G == 0 && lo < l.gRows {
		v.gRows = (min(hi, l.gRows) - lo) / G * G
		v.groups = l.groups[lo*l.wRow : (lo+v.gRows)*l.wRow]
	}
	return &v
}

// quantizeActs converts n rows of in values to the kernel's activation
// type in buf, which must hold n*actRow bytes.
func (l *linear) quantizeActs(buf []byte, x []float32, n int) []byte {
	act := buf[:n*l.actRow]
	for t := range n {
		l.k.Quantize(act[t*l.actRow:(t+1)*l.actRow], x[t*l.in:(t+1)*l.in])
	}
	return act
}

// tileBytes is the most weight bytes in one tile of a batched product, so
// that the tile stays in L2 (a fraction of it on every current core: 1-2
// MiB on x86 servers, 256 KiB+ on older parts) while every token's
// activation row (a few KiB, in L1) passes over it. Measured on a Sapphire
// Rapids core, 64 KiB to 1 MiB perform alike; without tiling, batches whose
// activations overflow L2 (ffn_down at n=512) run 1.2-2.5× slower.
// 0 turns tiling off.
var tileBytes = 128 << 10

// rows computes dst[t*out+r] = w_r·act_t + bias_r for rows [lo, hi) and
// n tokens of quantized activations. A single token (decode) walks the
// rows once; a batch walks them in tiles of rows that fit tileBytes,
// looping over all tokens for each tile, so that each weight is read from
// memory once per batch and from cache by the other tokens. Every dst
// value is the same kernel call either way: only the order differs.
// Kernels with a Tile take their tiles and panels, and grouped rows their
// Group kernels (pk holds act laid out as matmul.pack writes it).
func (l *linear) rows(dst []float32, act []byte, pk packed, n, lo, hi int) {
	if lo < l.gRows {
		g1 := min(hi, l.gRows)
		l.groupRows(dst, pk, n, lo, g1)
		if lo = g1; lo == hi {
			return
		}
	}
	if l.k.Tile != nil {
		l.tiles(dst, act, pk.panels, n, lo, hi)
		return
	}
	if n == 1 || tileBytes <= 0 {
		l.rowRange(dst, act, n, lo, hi)
		return
	}
	tile := max(1, tileBytes/l.wRow)
	for r0 := lo; r0 < hi; r0 += tile {
		r1 := min(hi, r0+tile)
		for t := range n {
			a := act[t*l.actRow : (t+1)*l.actRow]
			d := dst[t*l.out : (t+1)*l.out]
			for r := r0; r < r1; r++ {
				var b float32
				if l.bias != nil {
					b = l.bias[r]
				}
				d[r] = l.k.Dot(l.w.Data[r*l.wRow:(r+1)*l.wRow], a, l.in) + b
			}
		}
	}
}

// rowRange is rows without tiling: each row against every token in turn.
func (l *linear) rowRange(dst []float32, act []byte, n, lo, hi int) {
	for r := lo; r < hi; r++ {
		w := l.w.Data[r*l.wRow : (r+1)*l.wRow]
		var b float32
		if l.bias != nil {
			b = l.bias[r]
		}
		for t := range n {
			dst[t*l.out+r] = l.k.Dot(w, act[t*l.actRow:(t+1)*l.actRow], l.in) + b
		}
	}
}

// tiles is rows for kernels with a Tile: each call multiplies
// simd.TileRows rows, starting at a multiple of simd.TileRows (lo is one),
// with simd.TileTokens tokens, and smaller tiles take the rows and tokens
// left over. A batch walks the rows in L2 tiles as rows does, each of a
// whole number of kernel tiles. Every dst value is the bits of the row
// kernel's, plus the bias, as in rowRange, except for the first
// l.panelTokens(n) tokens where panels is not nil: panels holds those
// laid out by the kernel's Pack, and the kernel's Panels multiplies them,
// all of an L2 tile's rows and simd.PanelsTokens at a time.
func (l *linear) tiles(dst []float32, act, panels []byte, n, lo, hi int) {
	const R, T, P = simd.TileRows, simd.TileTokens, simd.PanelTokens
	span, unit := hi-lo, l.rowGroup()
	if n > 1 && tileBytes > 0 {
		span = max(unit, tileBytes/l.wRow/unit*unit)
	}
	np, pb := 0, l.panelBytes()
	if panels != nil {
		np = l.panelTokens(n)
	}
	for r0 := lo; r0 < hi; r0 += span {
		r1 := min(hi, r0+span)
		for t := 0; t < np; t += simd.PanelsTokens {
			l.k.Panels(dst[t*l.out+r0:], l.out, l.w.Data[r0*l.wRow:], l.wRow, panels[t/P*pb:], r1-r0, min(simd.PanelsTokens, np-t), l.in)
		}
		for t := np; t < n; t += T {
			nt := min(T, n-t)
			for r := r0; r < r1; r += R {
				l.k.Tile(dst[t*l.out+r:], l.out, l.w.Data[r*l.wRow:], l.wRow, act[t*l.actRow:], l.actRow, min(R, r1-r), nt, l.in)
			}
		}
	}
	l.addBias(dst, n, lo, hi)
}

// groupRows is rows for grouped rows [lo, hi) (whole groups): the first
// l.groupTokens(n) tokens by the Group's Strip (all of a tile's groups in
// one call) or its Panel, the rest one by one by its Gemv, the rows walked
// in L2 tiles as tiles does.
func (l *linear) groupRows(dst []float32, pk packed, n, lo, hi int) {
	const G, P, S = simd.GroupRows, simd.PanelTokens, simd.StripTokens
	span := hi - lo
	if n > 1 && tileBytes > 0 {
		span = max(G, tileBytes/l.wRow/G*G)
	}
	grp := l.k.Group
	nv, pb, sb, vb := l.groupTokens(n), l.panelBytes(), l.stripBytes(), l.vecBytes()
	ns, np := nv, 0 // the tokens in strips, or in panels where there are no strips
	if grp.Strip == nil {
		ns, np = 0, nv
	}
	for r0 := lo; r0 < hi; r0 += span {
		r1 := min(hi, r0+span)
		for t := 0; t < ns; t += S {
			grp.Strip(dst[t*l.out+r0:], l.out, l.groups[r0*l.wRow:r1*l.wRow], (r1-r0)/G, pk.strips[t/S*sb:], min(S, ns-t), l.in)
		}
		for t := 0; t < np; t += P {
			for r := r0; r < r1; r += G {
				grp.Panel(dst[t*l.out+r:], l.out, l.groups[r*l.wRow:(r+G)*l.wRow], pk.panels[t/P*pb:], min(P, np-t), l.in)
			}
		}
		for t := nv; t < n; t++ {
			v := pk.vecs[(t-nv)*vb : (t-nv+1)*vb]
			grp.Gemv(dst[t*l.out+r0:t*l.out+r1], l.groups[r0*l.wRow:r1*l.wRow], v, (r1-r0)/G, l.in)
		}
	}
	l.addBias(dst, n, lo, hi)
}

// addBias adds l's bias, if any, to rows [lo, hi) of the n tokens of dst.
func (l *linear) addBias(dst []float32, n, lo, hi int) {
	if l.bias == nil {
		return
	}
	for t := range n {
		d := dst[t*l.out : (t+1)*l.out]
		for r := lo; r < hi; r++ {
			d[r] += l.bias[r]
		}
	}
}

// vecBytes returns the bytes of one activation row packed for l's Group
// Gemv.
func (l *linear) vecBytes() int { return l.in / l.k.ActBlockSize * l.k.Group.VecBlockBytes }

// panelMin is the fewest tokens a panel kernel is given: each half of a
// panel (16 tokens) costs the same whatever its tokens, and below about 8
// the tile kernels take them faster.
const panelMin = 8

// panelTokens returns how many of a batch of n tokens l multiplies in
// panels: whole panels, and a last partial one of at least panelMin
// tokens. The tile kernels take the rest.
func (l *linear) panelTokens(n int) int {
	if l.k.Panel == nil || n < panelMin {
		return 0
	}
	if rest := n % simd.PanelTokens; rest < panelMin {
		return n - rest
	}
	return n
}

// stripMin is the fewest tokens a strip kernel is given: a strip costs
// the same whatever its tokens, and below about 6 the Gemv takes them one
// by one faster.
const stripMin = 6

// stripTokens returns how many of a batch of n tokens l's grouped rows
// take in strips: none where the Group has no Strip, else whole strips
// and a last partial one of at least stripMin tokens. Gemv takes the rest.
func (l *linear) stripTokens(n int) int {
	if l.groups == nil || l.k.Group.Strip == nil || n < stripMin {
		return 0
	}
	if rest := n % simd.StripTokens; rest < stripMin {
		return n - rest
	}
	return n
}

// groupTokens returns how many of a batch of n tokens l's grouped rows
// take in strips or panels, the rest taking Gemv.
func (l *linear) groupTokens(n int) int {
	if l.k.Group.Strip != nil {
		return l.stripTokens(n)
	}
	return l.panelTokens(n)
}

// stripBytes returns the bytes of one strip of l's activations.
func (l *linear) stripBytes() int { return l.in / l.k.ActBlockSize * l.k.Group.StripBlockBytes }

// panelBytes returns the bytes of one panel of l's activations.
func (l *linear) panelBytes() int { return 2 * l.in / l.k.ActBlockSize * l.k.PanelBlockBytes }

// rowGroup is the number of rows the pool hands out together for l: a
// group's where l has grouped rows or panels (whose Panels may multiply
// groups of rows), the kernel tile's where l has a tile kernel, so that
// which rows share a kernel call does not depend on the thread count.
func (l *linear) rowGroup() int {
	if l.groups != nil || l.k.Panels != nil {
		return simd.GroupRows
	}
	if l.k.Tile != nil {
		return simd.TileRows
	}
	return 1
}

// matmul runs matrix products on a pool. It holds the arguments of the
// product in flight, and the pool runs its method value bound once at
// creation, so that a product allocates nothing. Each session has its own.
type matmul struct {
	p        *pool
	buf      []byte // quantized activations of the widest input, (batch, ·)
	panelBuf []byte // the same laid out as panels, grown on first use
	stripBuf []byte // as strips, grown on first use
	vecBuf   []byte // and as vectors, grown on first use

	// The product in flight: count matrices with the same input, matrix i
	// into dsts[i], their row groups numbered one after the other from
	// start[i], so that one parallel region computes them all.
	ls    [maxShared]*linear
	dsts  [maxShared][]float32
	start [maxShared + 1]int
	count int
	act   []byte
	pk    packed
	n     int

	// The input in flight of quantize and pack.
	l *linear
	x []float32

	part      func(worker, lo, hi int) // mm.do
	packPart  func(worker, lo, hi int) // mm.packPanels
	stripPart func(worker, lo, hi int) // mm.packStrips
	quantPart func(worker, lo, hi int) // mm.quantizeRows
}

// maxShared is the most matrices one product computes together: a
// layer's query, key and value matrices.
const maxShared = 3

func newMatmul(p *pool, buf []byte) *matmul {
	mm := &matmul{p: p, buf: buf}
	mm.part, mm.packPart, mm.stripPart, mm.quantPart = mm.do, mm.packPanels, mm.packStrips, mm.quantizeRows
	return mm
}

// quantize is l.quantizeActs of the n rows of x into mm.buf, the pool
// quantizing the rows of a batch.
func (mm *matmul) quantize(l *linear, x []float32, n int) []byte {
	if n == 1 {
		return l.quantizeActs(mm.buf, x, n)
	}
	mm.l, mm.x = l, x
	mm.p.run(n, mm.quantPart)
	mm.l, mm.x = nil, nil
	return mm.buf[:n*l.actRow]
}

// quantizeRows is one worker's part of quantize: rows [lo, hi).
func (mm *matmul) quantizeRows(_, lo, hi int) {
	l := mm.l
	l.quantizeActs(mm.buf[lo*l.actRow:], mm.x[lo*l.in:], hi-lo)
}

// do is one worker's part of the product in flight: row groups [lo, hi)
// of the matrices' numbering.
func (mm *matmul) do(_, lo, hi int) {
	for i, l := range mm.ls[:mm.count] {
		g0 := mm.start[i]
		a, b := max(lo, g0), min(hi, mm.start[i+1])
		if a >= b {
			continue
		}
		g := l.rowGroup()
		l.rows(mm.dsts[i], mm.act, mm.pk, mm.n, (a-g0)*g, min((b-g0)*g, l.out))
	}
}

// packed is a batch of quantized activations laid out for the kernels
// that need another layout: the tokens that panel kernels take as panels,
// those that strip kernels take as strips, and for Group kernels the
// tokens neither takes as vectors.
type packed struct {
	panels, strips, vecs []byte
}

// pack lays out the n rows of act, quantized for the matrices ls (all with
// the same activations), as those matrices' kernels need them: the tokens
// in panels (l.panelTokens) in mm.panelBuf where a matrix multiplies
// panels, in strips (l.stripTokens) in mm.stripBuf where its grouped rows
// multiply strips, the pool packing a panel or strip each, and where a
// matrix has grouped rows the tokens after l.groupTokens as vectors in
// mm.vecBuf.
func (mm *matmul) pack(ls []*linear, act []byte, n int) packed {
	var pk packed
	np, l := 0, ls[0]
	for _, m := range ls {
		// Grouped rows that take strips need no panels.
		if p := m.panelTokens(n); p > 0 && (m.gRows < m.out || m.stripTokens(n) == 0) {
			np, l = p, m
			break
		}
	}
	for _, m := range ls {
		if ns := m.stripTokens(n); ns > 0 {
			pk.strips = mm.packUnits(&mm.stripBuf, m, act, ns, simd.StripTokens, m.stripBytes(), mm.stripPart)
			break
		}
	}
	if np > 0 {
		pk.panels = mm.packUnits(&mm.panelBuf, l, act, np, simd.PanelTokens, l.panelBytes(), mm.packPart)
	}
	for _, m := range ls {
		if m.groups == nil {
			continue
		}
		vb, nv := m.vecBytes(), m.groupTokens(n)
		if size := (n - nv) * vb; len(mm.vecBuf) < size {
			mm.vecBuf = make([]byte, size)
		}
		for t := nv; t < n; t++ {
			m.k.Group.PackVec(mm.vecBuf[(t-nv)*vb:(t-nv+1)*vb], act[t*m.actRow:(t+1)*m.actRow], m.in)
		}
		pk.vecs = mm.vecBuf
		break
	}
	return pk
}

// packUnits lays out the first tokens rows of act for l as units (panels
// or strips) of per tokens and size bytes each in *buf, grown as needed,
// the pool running part (packPanels or packStrips) over the units, and
// returns *buf.
func (mm *matmul) packUnits(buf *[]byte, l *linear, act []byte, tokens, per, size int, part func(worker, lo, hi int)) []byte {
	count := (tokens + per - 1) / per
	if len(*buf) < count*size {
		*buf = make([]byte, count*size)
	}
	mm.l, mm.act, mm.n = l, act, tokens
	mm.p.run(count, part)
	mm.l, mm.act = nil, nil
	return *buf
}

// packPanels is one worker's part of pack: panels [lo, hi).
func (mm *matmul) packPanels(_, lo, hi int) {
	l, P, pb := mm.l, simd.PanelTokens, mm.l.panelBytes()
	for i := lo; i < hi; i++ {
		l.k.Pack(mm.panelBuf[i*pb:(i+1)*pb], mm.act[i*P*l.actRow:], l.actRow, min(P, mm.n-i*P), l.in)
	}
}

// packStrips is one worker's part of pack: strips [lo, hi).
func (mm *matmul) packStrips(_, lo, hi int) {
	l, S, sb := mm.l, simd.StripTokens, mm.l.stripBytes()
	for i := lo; i < hi; i++ {
		l.k.Group.PackStrip(mm.stripBuf[i*sb:(i+1)*sb], mm.act[i*S*l.actRow:], l.actRow, min(S, mm.n-i*S), l.in)
	}
}

// mul computes dst[t*out+r] = w_r·x_t + bias_r for n tokens (x is
// (n, in), dst is (n, out)), splitting rows over the pool.
func (mm *matmul) mul(l *linear, dst, x []float32, n int) {
	act := mm.quantize(l, x, n)
	mm.mulActs(l, dst, act, mm.pack([]*linear{l}, act, n), n)
}

// mulActs is mul on activations already quantized by quantizeActs and
// packed by pack.
func (mm *matmul) mulActs(l *linear, dst []float32, act []byte, pk packed, n int) {
	mm.ls[0], mm.dsts[0] = l, dst
	mm.run(1, act, pk, n)
}

// run computes the products of the first count matrices of mm.ls into
// mm.dsts in one parallel region.
func (mm *matmul) run(count int, act []byte, pk packed, n int) {
	mm.count, mm.act, mm.pk, mm.n = count, act, pk, n
	for i, l := range mm.ls[:count] {
		g := l.rowGroup()
		mm.start[i+1] = mm.start[i] + (l.out+g-1)/g
	}
	if n == 1 {
		mm.p.runChunks(mm.start[count], streamChunksPer, simd.GemvStreams, mm.part)
	} else {
		mm.p.run(mm.start[count], mm.part)
	}
	mm.ls, mm.dsts = [maxShared]*linear{}, [maxShared][]float32{}
	mm.act, mm.pk = nil, packed{}
}

// mulShared multiplies several matrices with the same input x, quantizing
// it once per activation type, and computes the products of consecutive
// matrices with the same activations in one parallel region.
func (mm *matmul) mulShared(x []float32, n int, ls []*linear, dsts [][]float32) {
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && j-i < maxShared && ls[j].k.ActType == ls[i].k.ActType && ls[j].actRow == ls[i].actRow {
			j++
		}
		act := mm.quantize(ls[i], x, n)
		pk := mm.pack(ls[i:j], act, n)
		copy(mm.ls[:], ls[i:j])
		copy(mm.dsts[:], dsts[i:j])
		mm.run(j-i, act, pk, n)
		i = j
	}
}

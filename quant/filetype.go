package quant

import (
	"fmt"
	"strconv"
	"strings"
)

// FileType is a llama.cpp file type (enum llama_ftype): the mix a model was
// quantized to. Its value is what llama.cpp writes to general.file_type.
type FileType uint32

// The llama.cpp file types, with the ids of llama.h.
const (
	FileTypeF32       FileType = 0
	FileTypeF16       FileType = 1
	FileTypeQ4_0      FileType = 2
	FileTypeQ4_1      FileType = 3
	FileTypeQ8_0      FileType = 7
	FileTypeQ5_0      FileType = 8
	FileTypeQ5_1      FileType = 9
	FileTypeQ2_K      FileType = 10
	FileTypeQ3_K_S    FileType = 11
	FileTypeQ3_K_M    FileType = 12
	FileTypeQ3_K_L    FileType = 13
	FileTypeQ4_K_S    FileType = 14
	FileTypeQ4_K_M    FileType = 15
	FileTypeQ5_K_S    FileType = 16
	FileTypeQ5_K_M    FileType = 17
	FileTypeQ6_K      FileType = 18
	FileTypeIQ2_XXS   FileType = 19
	FileTypeIQ2_XS    FileType = 20
	FileTypeQ2_K_S    FileType = 21
	FileTypeIQ3_XS    FileType = 22
	FileTypeIQ3_XXS   FileType = 23
	FileTypeIQ1_S     FileType = 24
	FileTypeIQ4_NL    FileType = 25
	FileTypeIQ3_S     FileType = 26
	FileTypeIQ3_M     FileType = 27
	FileTypeIQ2_S     FileType = 28
	FileTypeIQ2_M     FileType = 29
	FileTypeIQ4_XS    FileType = 30
	FileTypeIQ1_M     FileType = 31
	FileTypeBF16      FileType = 32
	FileTypeTQ1_0     FileType = 36
	FileTypeTQ2_0     FileType = 37
	FileTypeMXFP4_MOE FileType = 38
)

// fileTypeInfo describes one file type.
type fileTypeInfo struct {
	ft    FileType
	name  string // as llama-quantize spells it
	alias string // tensor-type name llama-quantize (or Lamina) also accepts for it
	base  Type   // default tensor type (llama_ftype_get_default_type)
}

// fileTypes is the one table of file-type facts.
var fileTypes = []fileTypeInfo{
	{FileTypeF32, "F32", "", F32},
	{FileTypeF16, "F16", "", F16},
	{FileTypeQ4_0, "Q4_0", "", Q4_0},
	{FileTypeQ4_1, "Q4_1", "", Q4_1},
	{FileTypeQ8_0, "Q8_0", "", Q8_0},
	{FileTypeQ5_0, "Q5_0", "", Q5_0},
	{FileTypeQ5_1, "Q5_1", "", Q5_1},
	{FileTypeQ2_K, "Q2_K", "", Q2_K},
	{FileTypeQ3_K_S, "Q3_K_S", "", Q3_K},
	{FileTypeQ3_K_M, "Q3_K_M", "Q3_K", Q3_K},
	{FileTypeQ3_K_L, "Q3_K_L", "", Q3_K},
	{FileTypeQ4_K_S, "Q4_K_S", "", Q4_K},
	{FileTypeQ4_K_M, "Q4_K_M", "Q4_K", Q4_K},
	{FileTypeQ5_K_S, "Q5_K_S", "", Q5_K},
	{FileTypeQ5_K_M, "Q5_K_M", "Q5_K", Q5_K},
	{FileTypeQ6_K, "Q6_K", "", Q6_K},
	{FileTypeIQ2_XXS, "IQ2_XXS", "", IQ2_XXS},
	{FileTypeIQ2_XS, "IQ2_XS", "", IQ2_XS},
	{FileTypeQ2_K_S, "Q2_K_S", "", Q2_K},
	{FileTypeIQ3_XS, "IQ3_XS", "", IQ3_S},
	{FileTypeIQ3_XXS, "IQ3_XXS", "", IQ3_XXS},
	{FileTypeIQ1_S, "IQ1_S", "", IQ1_S},
	{FileTypeIQ4_NL, "IQ4_NL", "", IQ4_NL},
	{FileTypeIQ3_S, "IQ3_S", "", IQ3_S},
	{FileTypeIQ3_M, "IQ3_M", "", IQ3_S},
	{FileTypeIQ2_S, "IQ2_S", "", IQ2_XS},
	{FileTypeIQ2_M, "IQ2_M", "", IQ2_S},
	{FileTypeIQ4_XS, "IQ4_XS", "", IQ4_XS},
	{FileTypeIQ1_M, "IQ1_M", "", IQ1_M},
	{FileTypeBF16, "BF16", "", BF16},
	{FileTypeTQ1_0, "TQ1_0", "", TQ1_0},
	{FileTypeTQ2_0, "TQ2_0", "", TQ2_0},
	{FileTypeMXFP4_MOE, "MXFP4_MOE", "MXFP4", MXFP4},
}

// FileTypes returns every known file type in the order of its table.
func FileTypes() []FileType {
	out := make([]FileType, len(fileTypes))
	for i, row := range fileTypes {
		out[i] = row.ft
	}
	return out
}

// info returns the table row of ft and whether ft is known.
func (ft FileType) info() (fileTypeInfo, bool) {
	for _, row := range fileTypes {
		if row.ft == ft {
			return row, true
		}
	}
	return fileTypeInfo{}, false
}

// Valid reports whether ft is a known file type.
func (ft FileType) Valid() bool { _, ok := ft.info(); return ok }

// String returns the name llama-quantize gives ft (e.g. "Q4_K_M"), or
// "ftype(N)" for an unknown id.
func (ft FileType) String() string {
	if row, ok := ft.info(); ok {
		return row.name
	}
	return fmt.Sprintf("ftype(%d)", uint32(ft))
}

// BaseType returns the tensor type most weights of ft get (llama.cpp's
// llama_ftype_get_default_type), and false for an unknown file type.
func (ft FileType) BaseType() (Type, bool) {
	row, ok := ft.info()
	return row.base, ok
}

// ParseFileType returns the file type named name, case-insensitively: a
// name as llama-quantize accepts it ("Q4_K_M", "IQ4_XS", "F16", or a numeric
// llama_ftype id such as "15"), or a tensor-type name that is none of those,
// which maps to the file type llama-quantize uses for it: Q3_K, Q4_K and Q5_K
// to their _M mixes, MXFP4 to MXFP4_MOE.
func ParseFileType(name string) (FileType, error) {
	for _, row := range fileTypes {
		if strings.EqualFold(row.name, name) {
			return row.ft, nil
		}
	}
	for _, row := range fileTypes {
		if row.alias != "" && strings.EqualFold(row.alias, name) {
			return row.ft, nil
		}
	}
	if id, err := strconv.ParseUint(name, 10, 32); err == nil && FileType(id).Valid() {
		return FileType(id), nil
	}
	return 0, fmt.Errorf("quant: unknown file type %q", name)
}

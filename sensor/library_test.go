package sensor

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/jrmd/jrmd/geo"
	"github.com/jrmd/jrmd/internal/config"
)

// Each type's radar equation must give its quoted range on its quoted
// cross-section at QuotedPd: the one fitted number (the dwell) is written
// to four significant figures, which moves the range by at most 0.0125 %.
func TestRadarTypesReproduceQuotedRange(t *testing.T) {
	const tolRel = 1e-3
	for _, ty := range RadarTypes() {
		r := ty.Template
		r.ID = ty.Name
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", ty.Name, err)
			continue
		}
		got, err := r.DetectionRangeM(ty.QuotedRCSM2, QuotedPd)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-ty.QuotedRangeM) > tolRel*ty.QuotedRangeM {
			t.Errorf("%s: detection range %.1f km on %g m² at Pd %g, quoted %.1f km", ty.Name, got/1e3, ty.QuotedRCSM2, QuotedPd, ty.QuotedRangeM/1e3)
		}
		// At the quoted range the single-look Pd is QuotedPd.
		if pd := r.Pd(r.SNR(ty.QuotedRangeM, ty.QuotedRCSM2)); math.Abs(pd-QuotedPd) > 1e-3 {
			t.Errorf("%s: Pd %.4f at the quoted range, want %g", ty.Name, pd, QuotedPd)
		}
		if r.MaxRangeM < ty.QuotedRangeM*(1-tolRel) {
			t.Errorf("%s: instrumented range %g m below the quoted %g m", ty.Name, r.MaxRangeM, ty.QuotedRangeM)
		}
		if ty.Template.Source == "" || ty.Description == "" {
			t.Errorf("%s: missing source or description", ty.Name)
		}
		// R ∝ σ^¼: sixteen times the cross-section doubles the range.
		r16, _ := r.DetectionRangeM(16*ty.QuotedRCSM2, QuotedPd)
		if math.Abs(r16/got-2) > 1e-9 {
			t.Errorf("%s: range ratio for 16× RCS %g, want 2", ty.Name, r16/got)
		}
	}
	// The EMR against a warhead: the source document's ~1,000 km.
	emr, _ := LookupRadarType("EMR")
	rv, _ := RCS(ReentryVehicle, emr.Template.Model.FrequencyHz)
	if got, _ := emr.Template.DetectionRangeM(rv, QuotedPd); math.Abs(got-1000e3) > 1e3 {
		t.Errorf("EMR on an X-band RV: %.0f km, want ~1,000 km", got/1e3)
	}
}

// The sites and sectors of docs/reference-architecture.md.
func TestReferenceRadarSites(t *testing.T) {
	want := map[string]struct {
		lat, lon float64
		faces    int
		azDeg    []float64 // azimuths that must be covered
		notAzDeg []float64 // azimuths that must not
	}{
		"thule":       {76.531, -68.703, 2, []float64{0, 250, 110}, []float64{180, 200, 160}},
		"fylingdales": {54.361, -0.670, 3, []float64{0, 60, 120, 180, 240, 300, 359}, nil},
		"qabala":      {40.868, 47.795, 1, []float64{160, 101, 219}, []float64{0, 90, 230, 340}},
		"armavir":     {44.925, 40.984, 2, []float64{80, 135, 180, 225, 280}, []float64{0, 30, 330}},
		"brdy":        {49.65, 13.80, 1, []float64{115}, []float64{300}},
	}
	e := geo.WGS84
	seen := 0
	for _, r := range ReferenceRadars() {
		w, ok := want[r.ID]
		if !ok {
			continue
		}
		seen++
		if r.Site.LatDeg != w.lat || r.Site.LonDeg != w.lon {
			t.Errorf("%s at (%g, %g), want (%g, %g)", r.ID, r.Site.LatDeg, r.Site.LonDeg, w.lat, w.lon)
		}
		if len(r.Faces) != w.faces {
			t.Errorf("%s: %d faces, want %d", r.ID, len(r.Faces), w.faces)
		}
		for _, az := range w.azDeg {
			if _, vis := r.Visible(e, at(e, r.Site, az, 10, 500e3)); !vis {
				t.Errorf("%s: azimuth %g° at 10° elevation not visible", r.ID, az)
			}
		}
		for _, az := range w.notAzDeg {
			if _, vis := r.Visible(e, at(e, r.Site, az, 10, 500e3)); vis {
				t.Errorf("%s: azimuth %g° visible, want outside its sectors", r.ID, az)
			}
		}
		if !strings.Contains(r.Source, "site:") {
			t.Errorf("%s: source %q lacks the site note", r.ID, r.Source)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d reference sites", seen, len(want))
	}
	if _, err := LookupReferenceRadar("nowhere"); err == nil || !strings.Contains(err.Error(), "fylingdales") {
		t.Errorf("unknown reference radar: error %v, want the known IDs listed", err)
	}
	if _, err := LookupRadarType("nope"); err == nil {
		t.Error("unknown radar type: no error")
	}
	// Lookups return copies.
	a, _ := LookupReferenceRadar("fylingdales")
	a.Faces[0].BoresightAzDeg = 33
	if b, _ := LookupReferenceRadar("fylingdales"); b.Faces[0].BoresightAzDeg == 33 {
		t.Error("LookupReferenceRadar shares its faces with the library")
	}
}

func TestRCS(t *testing.T) {
	for _, c := range ObjectClasses() {
		lo, _ := RCS(c, 435e6)
		mid, _ := RCS(c, 5.6e9)
		x, _ := RCS(c, 10e9)
		if !(lo >= mid && mid >= x && x > 0) {
			t.Errorf("%s: RCS %g, %g, %g m² from UHF to X: want positive, not growing with frequency", c, lo, mid, x)
		}
	}
	if rv, _ := RCS(ReentryVehicle, 10e9); rv != 0.01 {
		t.Errorf("X-band RV %g m², want 0.01", rv)
	}
	if b, _ := RCS(Booster, 10e9); b <= 100*0.01 {
		t.Errorf("booster %g m²: want far larger than an RV", b)
	}
	if _, err := RCS("ufo", 1e9); err == nil {
		t.Error("unknown class: no error")
	}
	if _, err := RCS(Booster, 0); err == nil {
		t.Error("zero frequency: no error")
	}
}

// The library's radar types pass the checks a scenario's own types get.
func TestLibraryRadarTypesValidate(t *testing.T) {
	for _, ty := range RadarTypes() {
		ty := ty
		if err := ty.Validate(); err != nil {
			t.Errorf("%s: %v", ty.Name, err)
		}
	}
	bad := RadarType{Name: "none"}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "frequency_hz: a radar type needs a detection model") {
		t.Errorf("a type without a detection model: %v", err)
	}
}

// A placement's problems name its own keys: a face turned past north is
// faces_az_deg's, a site below the ellipsoid site.alt_m's; the type's
// figures are the type's.
func TestPlacementProblems(t *testing.T) {
	ty, _ := LookupRadarType("uewr")
	ty.Template.Model.RevisitS = -1
	_, err := Placement{FacesAzDeg: []float64{10, 400}, MaxRangeKm: 6e4}.Place(ty, "r", "US", geo.LLA{LatDeg: 50, AltM: -3})
	var inv *config.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("Place: %v, want a *config.Invalid", err)
	}
	var keys []string
	for _, p := range inv.Problems {
		keys = append(keys, p.Field)
	}
	if want := []string{"site.alt_m", "faces_az_deg[1]", "max_range_km", "type"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v (%v)", keys, want, err)
	}
	ty, _ = LookupRadarType("uewr")
	r, err := Placement{FacesAzDeg: []float64{90}, MinElevationDeg: 10}.Place(ty, "r", "US", geo.LLA{LatDeg: 50})
	if err != nil || len(r.Faces) != 1 || r.Faces[0].BoresightAzDeg != 90 || r.Faces[0].HalfAzDeg != 60 || r.MinElevationDeg != 10 {
		t.Errorf("placed %+v (%v): one face at 90° of the type's 60° half-width, 10° floor", r, err)
	}
}

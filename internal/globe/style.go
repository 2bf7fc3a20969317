package globe

// style is how a kind of entity is drawn.
type style struct {
	color RGBA
	// pixels: the point's size; width: a line's or a path's, pixels.
	pixels, width float64
	label         bool // show the name beside the point
}

// styles by kind. Threats red, interceptors blue, nations' tracks orange
// with their ellipsoids, sites in the colours of their role; coverage
// and footprints translucent so the globe shows through.
var styles = map[Kind]style{
	Threat:      {RGBA{230, 40, 40, 255}, 7, 2, true},
	Interceptor: {RGBA{40, 120, 255, 255}, 6, 2, true},
	Track:       {RGBA{255, 165, 0, 255}, 5, 1, false},
	Segment:     {RGBA{255, 235, 60, 255}, 5, 4, false},
	Sensor:      {RGBA{0, 200, 200, 255}, 8, 1, true},
	Coverage:    {RGBA{0, 200, 200, 50}, 0, 1, false},
	Battery:     {RGBA{40, 120, 255, 255}, 8, 1, true},
	C2:          {RGBA{255, 255, 255, 255}, 8, 1, true},
	Exchange:    {RGBA{200, 120, 255, 255}, 8, 1, true},
	Link:        {RGBA{200, 200, 200, 160}, 0, 1, false},
	Engagement:  {RGBA{120, 200, 255, 200}, 0, 1, false},
	Launch:      {RGBA{230, 40, 40, 255}, 8, 1, true},
	Aim:         {RGBA{255, 255, 255, 255}, 8, 1, true},
	Impact:      {RGBA{255, 80, 0, 255}, 9, 1, true},
	Intercept:   {RGBA{255, 255, 0, 255}, 9, 1, true},
	Footprint:   {RGBA{0, 160, 0, 120}, 0, 1, false},
}

// kinds is every kind in a fixed order (KML writes a Style for each).
var kinds = []Kind{Threat, Interceptor, Track, Segment, Sensor, Coverage, Battery, C2, Exchange, Link, Engagement, Launch, Aim, Impact, Intercept, Footprint}

func (e *Entity) style() style {
	st, ok := styles[e.Kind]
	if !ok {
		st = style{RGBA{255, 255, 255, 255}, 6, 1, true}
	}
	if e.Color != nil {
		st.color = *e.Color
	}
	return st
}

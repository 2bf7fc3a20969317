package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Formats are the file formats the figures are written in.
var Formats = []string{"png", "svg"}

// dpi is the PNG's resolution: at 96 dots per inch a 16 cm wide figure
// is 605 pixels, legible on a screen and small on disk.
const dpi = 96

// sans is the figures' font: Liberation Sans, embedded in gonum/plot, so
// the PNGs look the same on every machine.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// newPlot returns a plot with JRMD's look: a sans-serif font, a title and
// axis labels.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Marker = niceTicks{}
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 9)
	}
	p.Legend.TextStyle.Font = font.From(sans, 9)
	p.BackgroundColor = color.White
	return p
}

// Drawer is a figure: a *plot.Plot, or plots arranged on one canvas.
type Drawer interface{ Draw(draw.Canvas) }

// Render draws p at w × h in a format of Formats.
func Render(p Drawer, w, h vg.Length, format string) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "png":
		cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
		p.Draw(draw.New(cv))
		if _, err := cv.WriteTo(&buf); err != nil {
			return nil, err
		}
	case "svg":
		cv := vgsvg.New(w, h)
		p.Draw(draw.New(cv))
		if _, err := cv.WriteTo(&buf); err != nil {
			return nil, err
		}
		// Fonts are not embedded: name Arial, whose metrics Liberation
		// Sans shares, and any sans-serif after it, so that a viewer
		// without Liberation keeps the text's widths, or near them.
		return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte("font-family:Liberation Sans,Arial,sans-serif;")), nil
	default:
		return nil, fmt.Errorf("plots: format %q: want png or svg", format)
	}
	return buf.Bytes(), nil
}

// save writes p to dir/name.png and dir/name.svg.
func save(p Drawer, w, h vg.Length, dir, name string) error {
	for _, f := range Formats {
		if err := saveFile(p, w, h, filepath.Join(dir, name+"."+f), f); err != nil {
			return err
		}
	}
	return nil
}

// saveFile writes p to path in format.
func saveFile(p Drawer, w, h vg.Length, path, format string) error {
	b, err := Render(p, w, h, format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

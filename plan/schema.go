package plan

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the published JSON Schema of the standard.
const SchemaID = "https://electplan.uk/schema/electplan-v1.json"

// ContributionSchemaID is the $id of the JSON Schema of contribution files.
const ContributionSchemaID = "https://electplan.uk/schema/electplan-contribution-v1.json"

// ContributionSchemaFileName is the contribution schema's file name.
const ContributionSchemaFileName = "electplan-contribution-v1.schema.json"

// JSONSchema returns the input standard as a JSON Schema (draft 2020-12),
// generated from the Go types so the schema and the loader cannot drift:
// the same yaml tags name the keys, the same `jsonschema:"required"` tags
// mark required keys, the same Values methods list enumerations and the
// same field docs describe every key.
func JSONSchema() ([]byte, error) {
	return jsonSchema(&Document{}, SchemaID, SchemaV1, "electplan input standard v1",
		"One file of an electplan plan folder. Every file starts with `schema: electplan/v1`; see INPUT-V1.")
}

// ContributionJSONSchema returns the contribution file format as a JSON
// Schema, generated the same way.
func ContributionJSONSchema() ([]byte, error) {
	return jsonSchema(&ContributionDocument{}, ContributionSchemaID, ContributionSchemaV1, "electplan contribution v1",
		"A contribution to a plan from a candidate, an agent or a party, in the plan folder's contributions/ folder.")
}

func jsonSchema(root any, id, schemaValue, title, description string) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		Mapper:                     schemaFor,
		LookupComment: func(t reflect.Type, field string) string {
			if field == "" {
				return ""
			}
			return fieldDocs[t.Name()+"."+yamlName(t, field)]
		},
	}
	s := r.Reflect(root)
	s.ID = jsonschema.ID(id)
	s.Title = title
	s.Description = description
	name := reflect.TypeOf(root).Elem().Name()
	if doc, ok := s.Definitions[name]; ok {
		if p, ok := doc.Properties.Get("schema"); ok {
			p.Const = schemaValue
		}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// yamlName is the yaml key of the Go field named field on t.
func yamlName(t reflect.Type, field string) string {
	f, ok := t.FieldByName(field)
	if !ok {
		return field
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

// schemaFor maps the standard's own scalar types; nil leaves a type to
// the reflector.
func schemaFor(t reflect.Type) *jsonschema.Schema {
	switch t {
	case dateType:
		return &jsonschema.Schema{Type: "string", Format: "date", Description: "a date, YYYY-MM-DD"}
	case dateTimeType:
		return &jsonschema.Schema{Type: "string",
			Pattern:     `^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$`,
			Description: "a time, YYYY-MM-DDTHH:MM in UK local time unless an offset is given"}
	case locationType:
		num := func(desc string, lo, hi float64) *jsonschema.Schema {
			return &jsonschema.Schema{Type: "number", Description: desc,
				Minimum: json.Number(formatFloat(lo)), Maximum: json.Number(formatFloat(hi))}
		}
		latlon := jsonschema.NewProperties()
		latlon.Set("lat", num("WGS84 latitude", ukMinLat, ukMaxLat))
		latlon.Set("lon", num("WGS84 longitude", ukMinLon, ukMaxLon))
		grid := jsonschema.NewProperties()
		grid.Set("easting", num("British National Grid easting, metres", 0, 700000))
		grid.Set("northing", num("British National Grid northing, metres", 0, 1300000))
		return &jsonschema.Schema{
			Description: "a point in the UK: {lat, lon} (WGS84) or {easting, northing} (British National Grid)",
			OneOf: []*jsonschema.Schema{
				{Type: "object", Properties: latlon, Required: []string{"lat", "lon"}, AdditionalProperties: jsonschema.FalseSchema},
				{Type: "object", Properties: grid, Required: []string{"easting", "northing"}, AdditionalProperties: jsonschema.FalseSchema},
			},
		}
	}
	if t.Kind() == reflect.String && t.Implements(enumType) {
		values := reflect.Zero(t).Interface().(Enum).Values()
		enum := make([]any, len(values))
		for i, v := range values {
			enum[i] = v
		}
		return &jsonschema.Schema{Type: "string", Enum: enum}
	}
	if t == reflect.TypeFor[TimetableOverride]() {
		return &jsonschema.Schema{Type: "object",
			Description:          "dates fixed by the returning officer, by step name",
			AdditionalProperties: &jsonschema.Schema{Type: "string", Format: "date"}}
	}
	return nil
}

func formatFloat(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

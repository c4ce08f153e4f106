// Command lua-health evaluates an Argo CD resource health script (health.lua) with gopher-lua, the Lua 5.1
// implementation Argo CD embeds, in the environment Argo CD gives the script:
//
//	lua-health [--use-open-libs] SCRIPT < object.json
//
// prints {"status": "...", "message": "..."} (fields omitted when empty, as Argo CD's
// health.HealthStatus marshals) and exits 0, or prints the error to stderr and exits 1 when Argo CD
// would get an error from the script (it then shows the resource's health as Unknown with that error).
//
// Written against github.com/argoproj/argo-cd/v3 util/lua/lua.go and util/lua/oslib_safe.go at commit
// 37ee0097cf851bc2dd7665fc081bbce61a7e836e (2026-08-22), which pins github.com/yuin/gopher-lua v1.1.2
// and layeh.com/gopher-json v0.0.0-20190114024228-97fed8db8427 (the same versions go.mod here uses).
// Argo CD itself does not build in this environment, so its behaviour is re-implemented; what is
// reproduced, as read in that source:
//
//   - The Lua state: lua.NewState(SkipOpenLibs: !useOpenLibs). A script configured in argocd-cm
//     (resource.customizations.health.<group_kind>, how this project ships its check) runs with
//     useOpenLibs false unless resource.customizations.useOpenLibs.<group_kind> is set; only Argo CD's
//     built-in scripts get the full standard library. Then, in this order and via CallByParam, it opens
//     package, base and table, and calls its "safe os" opener under the os name. That opener calls
//     RegisterModule(lua.TabLibName, {time, date}), i.e. under the *table* module's name; table is
//     already loaded by then, so gopher-lua's RegisterModule returns it unchanged: no global `os`, no
//     table.time. Only PreloadModule("os", ...) takes effect, so `local os = require("os")` gives
//     os.time and os.date. Without open libs there is no string, math, io, os, coroutine, channel or
//     debug library, and strings have no methods (s:len() fails).
//   - A 1-second execution deadline (LState.SetContext with context.WithTimeout).
//   - Globals: `actionParams` = an empty table (Argo CD always sets it; parameters exist only for
//     resource actions) and `obj` = the resource converted by Argo CD's decodeValue: bool -> LBool,
//     float64/int/int32/int64 -> LNumber, string -> LString, json.Number -> LString, arrays -> tables
//     filled with Append (1-based), maps -> tables with RawSetH per key, nil -> LNil (so null fields
//     are absent). The object reaches decodeValue as a k8s unstructured object, whose JSON decoding
//     (k8s.io/apimachinery/pkg/util/json) turns integral numbers into int64 and others into float64;
//     this runner decodes stdin the same way (UseNumber, then Int64 else Float64), so json.Number
//     never reaches decodeValue, as in Argo CD.
//   - Running: the script is compiled with LState.LoadString and called with PCall(0, MultRet); a
//     runtime error's Lua stack trace is dropped from the message (ApiErrorRun).
//   - The result (ExecuteHealthLua): the value on top of the stack. A table is encoded with
//     layeh.com/gopher-json and unmarshalled into {status, message}; an unmarshal type error for a JSON
//     array (an empty table encodes as []) gives an empty health status; a status outside Unknown,
//     Progressing, Suspended, Healthy, Degraded, Missing gives Unknown with the message "Lua returned
//     an invalid health status"; nil gives an empty health status; any other type is the error
//     "expect table output from Lua script, not <type>".
//
// Not reproduced: script lookup (argocd-cm keys, wildcards, built-in scripts), the compiled-script
// cache (it changes no results), resource actions, and Argo CD's handling of objects pending deletion
// (gitops-engine reports those as Progressing before any script runs). os.time/os.date are this
// file's own small implementation (os.time() / os.time{...}; os.date with "!", "*t" and common strftime
// flags), not a copy of Argo CD's, and may differ from it in details.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	luajson "layeh.com/gopher-json"
)

const (
	incorrectReturnType = "expect %s output from Lua script, not %s"
	invalidHealthStatus = "Lua returned an invalid health status"
)

// healthStatus has the JSON shape of gitops-engine's health.HealthStatus.
type healthStatus struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
}

func main() {
	useOpenLibs := false
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--use-open-libs" {
		useOpenLibs = true
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: lua-health [--use-open-libs] SCRIPT < object.json")
		os.Exit(2)
	}
	script, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	object, err := readObject(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reading the object from stdin:", err)
		os.Exit(2)
	}
	hs, err := executeHealthLua(object, string(script), useOpenLibs)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(hs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// readObject decodes one JSON object the way k8s.io/apimachinery/pkg/util/json does for unstructured
// objects: integral numbers become int64, all other numbers float64.
func readObject(r io.Reader) (map[string]any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("expected a JSON object")
	}
	converted, err := convertNumbers(obj)
	if err != nil {
		return nil, err
	}
	return converted.(map[string]any), nil
}

func convertNumbers(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, nil
		}
		f, err := t.Float64()
		if err != nil {
			return nil, err
		}
		return f, nil
	case map[string]any:
		for k, item := range t {
			c, err := convertNumbers(item)
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
		return t, nil
	case []any:
		for i, item := range t {
			c, err := convertNumbers(item)
			if err != nil {
				return nil, err
			}
			t[i] = c
		}
		return t, nil
	}
	return v, nil
}

// runLua sets up the state as Argo CD's VM.runLuaWithResourceActionParameters does and runs the script.
func runLua(obj map[string]any, script string, useOpenLibs bool) (*lua.LState, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: !useOpenLibs})
	for _, pair := range []struct {
		n string
		f lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.OsLibName, openSafeOs},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(pair.f), NRet: 0, Protect: true}, lua.LString(pair.n)); err != nil {
			panic(err)
		}
	}
	l.PreloadModule(lua.OsLibName, safeOsLoader)

	ctx, cancel := context.WithTimeout(context.Background(), 1*time.Second)
	defer cancel()
	l.SetContext(ctx)

	l.SetGlobal("actionParams", l.CreateTable(0, 0))
	l.SetGlobal("obj", decodeValue(l, obj))

	fn, err := l.LoadString(script)
	if err == nil {
		l.Push(fn)
		err = l.PCall(0, lua.MultRet, nil)
	}
	var apiErr *lua.ApiError
	if errors.As(err, &apiErr) && apiErr.Type == lua.ApiErrorRun {
		apiErr.StackTrace = ""
		err = apiErr
	}
	return l, err
}

// executeHealthLua turns the script's return value into a health status as Argo CD's VM.ExecuteHealthLua does.
func executeHealthLua(obj map[string]any, script string, useOpenLibs bool) (*healthStatus, error) {
	l, err := runLua(obj, script, useOpenLibs)
	defer l.Close()
	if err != nil {
		return nil, err
	}
	returnValue := l.Get(-1)
	switch returnValue.Type() {
	case lua.LTTable:
		jsonBytes, err := luajson.Encode(returnValue)
		if err != nil {
			return nil, err
		}
		hs := &healthStatus{}
		if err := json.Unmarshal(jsonBytes, hs); err != nil {
			var typeError *json.UnmarshalTypeError
			if errors.As(err, &typeError) && typeError.Value == "array" {
				return &healthStatus{}, nil
			}
			return nil, err
		}
		switch hs.Status {
		case "Unknown", "Progressing", "Suspended", "Healthy", "Degraded", "Missing":
			return hs, nil
		}
		return &healthStatus{Status: "Unknown", Message: invalidHealthStatus}, nil
	case lua.LTNil:
		return &healthStatus{}, nil
	}
	return nil, fmt.Errorf(incorrectReturnType, "table", returnValue.Type().String())
}

// decodeValue converts a decoded JSON/unstructured value to a Lua value like Argo CD's decodeValue.
func decodeValue(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case int:
		return lua.LNumber(v)
	case int32:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case []any:
		arr := l.CreateTable(len(v), 0)
		for _, item := range v {
			arr.Append(decodeValue(l, item))
		}
		return arr
	case map[string]any:
		tbl := l.CreateTable(0, len(v))
		for key, item := range v {
			tbl.RawSetH(lua.LString(key), decodeValue(l, item))
		}
		return tbl
	}
	return lua.LNil
}

var osFuncs = map[string]lua.LGFunction{
	"time": osTime,
	"date": osDate,
}

// openSafeOs registers the functions under the table library's name, as Argo CD's OpenSafeOs does.
func openSafeOs(l *lua.LState) int {
	l.Push(l.RegisterModule(lua.TabLibName, osFuncs))
	return 1
}

// safeOsLoader backs require("os").
func safeOsLoader(l *lua.LState) int {
	l.Push(l.SetFuncs(l.NewTable(), osFuncs))
	return 1
}

// osTime: os.time() is now in Unix seconds; os.time{year=, month=, day=, hour=12, min=0, sec=0} is that
// local time.
func osTime(l *lua.LState) int {
	if l.GetTop() == 0 {
		l.Push(lua.LNumber(time.Now().Unix()))
		return 1
	}
	tbl := l.CheckTable(1)
	field := func(key string, def int) int {
		if n, ok := tbl.RawGetString(key).(lua.LNumber); ok {
			return int(n)
		}
		return def
	}
	t := time.Date(field("year", -1), time.Month(field("month", -1)), field("day", -1),
		field("hour", 12), field("min", 0), field("sec", 0), 0, time.Local)
	l.Push(lua.LNumber(t.Unix()))
	return 1
}

// osDate: os.date([format [, time]]); a leading "!" means UTC, "*t" returns a table, otherwise a small
// strftime subset.
func osDate(l *lua.LState) int {
	t := time.Now()
	format := "%c"
	if l.GetTop() >= 1 {
		format = l.CheckString(1)
		if strings.HasPrefix(format, "!") {
			t = t.UTC()
			format = strings.TrimLeft(format, "!")
		}
		if l.GetTop() >= 2 {
			t = time.Unix(l.CheckInt64(2), 0)
		}
		if strings.HasPrefix(format, "*t") {
			tbl := l.NewTable()
			tbl.RawSetString("year", lua.LNumber(t.Year()))
			tbl.RawSetString("month", lua.LNumber(t.Month()))
			tbl.RawSetString("day", lua.LNumber(t.Day()))
			tbl.RawSetString("hour", lua.LNumber(t.Hour()))
			tbl.RawSetString("min", lua.LNumber(t.Minute()))
			tbl.RawSetString("sec", lua.LNumber(t.Second()))
			tbl.RawSetString("wday", lua.LNumber(t.Weekday()+1))
			tbl.RawSetString("yday", lua.LNumber(0))
			tbl.RawSetString("isdst", lua.LFalse)
			l.Push(tbl)
			return 1
		}
	}
	l.Push(lua.LString(strftime(t, format)))
	return 1
}

var strftimeLayouts = map[byte]string{
	'a': "Mon", 'A': "Monday", 'b': "Jan", 'B': "January", 'c': "02 Jan 06 15:04 MST", 'd': "02",
	'F': "2006-01-02", 'H': "15", 'I': "03", 'm': "01", 'M': "04", 'p': "PM", 'S': "05",
	'X': "15:04:05", 'y': "06", 'Y': "2006", 'z': "-0700", 'Z': "MST",
}

func strftime(t time.Time, format string) string {
	var b bytes.Buffer
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i == len(format)-1 {
			b.WriteByte(c)
			continue
		}
		i++
		switch f := format[i]; {
		case f == '%':
			b.WriteByte('%')
		case f == 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case strftimeLayouts[f] != "":
			b.WriteString(t.Format(strftimeLayouts[f]))
		default:
			b.WriteByte('%')
			b.WriteByte(f)
		}
	}
	return b.String()
}

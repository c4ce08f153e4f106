// Module used only to build a runner that evaluates Argo CD health.lua scripts
// with gopher-lua the way Argo CD does (see main.go).
// Built by scripts/peers/build-lua-health into .peers/bin/lua-health.
module example.invalid/peers/lua-health

go 1.26.0

require (
	github.com/yuin/gopher-lua v1.1.2
	layeh.com/gopher-json v0.0.0-20190114024228-97fed8db8427
)

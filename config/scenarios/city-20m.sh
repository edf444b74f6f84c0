#!/bin/sh
# Prints the 20-million-person benchmark city (10,000 grid units, 5,000 sites, 50 labs) as a
# scenario: ./config/scenarios/city-20m.sh > city.json && build/bin/lims-plan city.json
# Other sizes: pass a spec, e.g. population=5000000,grid_units=2500,sites=1250,labs=12,seed=2
set -e
here=$(dirname "$0")
exec "${LIMS_PLAN:-$here/../../build/bin/lims-plan}" --generate-city "${1:-population=20000000,grid_units=10000,sites=5000,labs=50,seed=1}"

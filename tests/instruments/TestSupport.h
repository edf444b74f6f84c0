#pragma once

#include <string>
#include <utility>
#include <vector>

#include "natlims/instruments/Kit.h"
#include "natlims/instruments/RunReader.h"

namespace natlims::instruments::test {

/// tests/instruments/fixtures/<name>
std::string fixturePath(const std::string& name);
/// The bytes of a fixture file.
std::string fixture(const std::string& name);
/// An InputFile of a fixture (its name is the fixture's name).
InputFile fixtureFile(const std::string& name);
/// The tube codes the fixtures use (fixtures/tubes.txt), in fill order.
std::vector<std::string> fixtureTubes();
/// A kit shipped in config/kits/.
Kit shippedKit(const std::string& id);

/// Reads and requires success, failing the test with the error message otherwise.
RunData readOk(const InputFile& file, const ReadOptions& options = {});
/// Reads and requires failure, returning the error.
ReadError readFails(const InputFile& file, const ReadOptions& options = {});

/// A zip archive written member by member (stored, no compression), with full control over the
/// names and bytes, to build .eds/.xlsx/.rdml inputs and broken variants of them.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& members,
                      const std::string& prefix = {});

/// The reading of `target` in `well` ("A1"); fails the test when absent.
const WellReading& reading(const RunData& run, const std::string& well, const std::string& target);

}  // namespace natlims::instruments::test

#pragma once

#include <string>
#include <string_view>

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>

namespace natlims::instruments::detail {

/// Runs a SAX parse of `xml` (namespaces on, external entities off). Throws FormatError:
/// Truncated when the document stops before its end, Malformed otherwise, naming `what` and
/// the parser's line and column.
void parseXml(std::string_view xml, Poco::XML::DefaultHandler& handler, const std::string& what);

/// The value of the attribute whose local name is `localName` (any namespace), or "".
std::string attributeValue(const Poco::XML::Attributes& attributes, std::string_view localName);

}  // namespace natlims::instruments::detail

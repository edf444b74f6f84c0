#include "text/Xml.h"

#include <Poco/Exception.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>

#include "readers/FormatError.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

void parseXml(std::string_view xml, Poco::XML::DefaultHandler& handler, const std::string& what) {
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setContentHandler(&handler);
  parser.setErrorHandler(&handler);
  try {
    parser.parseMemoryNP(xml.data(), xml.size());
  } catch (const Poco::XML::SAXParseException& e) {
    const std::string text = e.message();
    // expat says "no element found" / "unclosed token" when the document simply stops.
    const std::string lower = lowerAscii(text);
    const bool cut = lower.find("no element found") != std::string::npos ||
                     lower.find("unclosed token") != std::string::npos ||
                     lower.find("unclosed cdata") != std::string::npos;
    throw FormatError(cut ? ReadErrorKind::Truncated : ReadErrorKind::Malformed,
                      what + " is not well-formed XML at line " + std::to_string(e.getLineNumber()) +
                          ", column " + std::to_string(e.getColumnNumber()) + ": " + text +
                          (cut ? " (the file looks cut short)" : ""));
  } catch (const Poco::Exception& e) {
    throw FormatError(ReadErrorKind::Malformed, what + " cannot be parsed as XML: " + e.displayText());
  }
}

std::string attributeValue(const Poco::XML::Attributes& attributes, std::string_view localName) {
  for (int i = 0; i < attributes.getLength(); ++i) {
    if (attributes.getLocalName(i) == localName) return attributes.getValue(i);
  }
  // Without namespace processing the local name is empty: fall back to the qualified name.
  for (int i = 0; i < attributes.getLength(); ++i) {
    const std::string& q = attributes.getQName(i);
    const auto colon = q.find(':');
    if ((colon == std::string::npos ? q : q.substr(colon + 1)) == localName) return attributes.getValue(i);
  }
  return {};
}

}  // namespace natlims::instruments::detail

#include "natlims/labels/LabelOutput.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/AtomicFile.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"

namespace natlims::labels {

std::optional<OutputFormat> parseOutputFormat(std::string_view name) {
  if (name == "png") return OutputFormat::Png;
  if (name == "svg") return OutputFormat::Svg;
  if (name == "zpl") return OutputFormat::Zpl;
  if (name == "pdf") return OutputFormat::Pdf;
  return std::nullopt;
}

std::string_view outputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::Png: return "png";
    case OutputFormat::Svg: return "svg";
    case OutputFormat::Zpl: return "zpl";
    case OutputFormat::Pdf: return "pdf";
  }
  return "?";
}

namespace {

// True when the folder had to be created.
bool ensureFolder(const std::string& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw OutputError("cannot write into " + folder + ": not a folder", "out");
    return false;
  }
  if (::mkdir(folder.c_str(), 0755) != 0)
    throw OutputError("cannot create folder " + folder + " (" + std::strerror(errno) + ")", "out");
  return true;
}

}  // namespace

std::vector<std::string> writeLabels(LabelMaker& maker, OutputFormat format, const std::vector<LabelContent>& contents,
                                     const std::string& out, std::ostream& standardOutput) {
  if (contents.empty()) throw ContentError("no labels to write", "codes");
  if (out.empty()) throw OutputError("no output path given", "out");
  std::set<std::string> seen;
  for (const LabelContent& c : contents) {
    const auto check = domain::validateCode(c.code);
    if (check.ok && !seen.insert(check.code).second)
      throw ContentError("code " + check.code + " appears twice; each code goes on one tube only", "codes");
  }

  std::vector<std::string> written;
  if (format == OutputFormat::Zpl || format == OutputFormat::Pdf) {
    const std::string bytes = format == OutputFormat::Zpl ? maker.zpl(contents) : maker.pdf(contents);
    if (out == "-") {
      standardOutput.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      standardOutput.flush();
      if (!standardOutput) throw OutputError("cannot write to standard output", "out");
      return written;
    }
    writeFileAtomically(out, bytes);
    written.push_back(out);
    return written;
  }

  if (out == "-") throw OutputError("png and svg labels go into a folder, not standard output", "out");
  const bool created = ensureFolder(out);
  const std::string prefix = out.back() == '/' ? out : out + "/";
  try {
    // Each label is verified before its temporary file is written; the temporaries are renamed
    // only once all are written, and removed (with a folder made for them) on any error.
    StagedFiles staged;
    for (const LabelContent& c : contents) {
      const std::string code = domain::validateCode(c.code).code;
      if (format == OutputFormat::Png) staged.add(prefix + code + ".png", maker.png(c));
      else staged.add(prefix + code + ".svg", maker.svg(c));
      written.push_back(prefix + code + (format == OutputFormat::Png ? ".png" : ".svg"));
    }
    staged.commit();
  } catch (...) {
    if (created) ::rmdir(out.c_str());
    throw;
  }
  return written;
}

}  // namespace natlims::labels

#:project ../src/LrSchedules.Cli/LrSchedules.Cli.csproj
// Regenerates the schedule gallery: every picture in docs/schedules/ and docs/schedules.md, from docs/schedules/gallery.json.
//   dotnet run eng/gallery.cs
// `dotnet run eng/gallery.cs -- --png DIR` also writes a PNG of every picture into DIR, to look at them in an image viewer.
// `dotnet run eng/gallery.cs -- --check` writes nothing: it exits 1, naming each file, if a committed file differs from
// what would be generated (tests/LrSchedules.Tests/Docs/GalleryTests.cs runs it).
// Each picture is one `lrs plot` (run in-process through LrsApp.Run, with exactly the arguments the page shows).
using System.Globalization;
using System.Text;
using System.Text.Json;
using LrSchedules.Cli;

string root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory(), ".."));
if (!File.Exists(Path.Combine(root, "LrSchedules.sln")))
{
    root = Directory.GetCurrentDirectory();
}

string docs = Path.Combine(root, "docs");
string? pngDirectory = args.Length == 2 && args[0] == "--png" ? Directory.CreateDirectory(args[1]).FullName : null;
bool check = args is ["--check"];
string scratch = Directory.CreateTempSubdirectory("lrs-gallery-").FullName;
var stale = new List<string>();

// Writes the generated file, or under --check compares it with the committed one.
void Emit(string relative, byte[] content)
{
    string path = Path.Combine(root, relative);
    if (!check)
    {
        File.WriteAllBytes(path, content);
        Console.WriteLine("wrote " + relative);
    }
    else if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
    {
        stale.Add(relative);
    }
}
string manifestPath = Path.Combine(docs, "schedules", "gallery.json");
using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
int width = manifest.RootElement.GetProperty("width").GetInt32();
int height = manifest.RootElement.GetProperty("height").GetInt32();

var page = new StringBuilder();
page.Append("# Schedule gallery\n\n");
page.Append("One picture per schedule family and per compat namespace, each drawn by `lrs plot` from the specs shown under it\n");
page.Append("(phase boundaries of composite schedules dashed). Generated from [schedules/gallery.json](schedules/gallery.json)\n");
page.Append("by one command, run from the repository root:\n\n");
page.Append("```sh\ndotnet run eng/gallery.cs\n```\n\n");
page.Append("Every spec here is accepted by `ScheduleSpec.Parse` and `lrs eval` as it is; the formulas are in [spec.md](spec.md)\n");
page.Append("and, for the compat namespaces, in [migrating.md](migrating.md).\n");

string? section = null;
int failures = 0;
foreach (var entry in manifest.RootElement.GetProperty("entries").EnumerateArray())
{
    string name = entry.GetProperty("name").GetString()!;
    string title = entry.GetProperty("title").GetString()!;
    string entrySection = entry.GetProperty("section").GetString()!;
    long steps = entry.GetProperty("steps").GetInt64();
    if (entrySection != section)
    {
        section = entrySection;
        page.Append("\n## ").Append(section).Append('\n');
    }

    var plotArgs = new List<string> { "plot" };
    var shown = new StringBuilder("lrs plot");
    var specs = entry.GetProperty("specs").EnumerateArray().ToList();
    foreach (var s in specs)
    {
        string spec = System.Text.Json.Nodes.JsonNode.Parse(s.GetProperty("spec").GetRawText())!.ToJsonString();
        plotArgs.AddRange(["--spec", spec]);
        shown.Append(" \\\n  --spec '").Append(spec).Append('\'');
        if (specs.Count > 1)
        {
            // A legend only where there is more than one line to tell apart.
            string label = s.GetProperty("label").GetString()!;
            plotArgs.AddRange(["--label", label]);
            shown.Append(" --label '").Append(label).Append('\'');
        }
    }

    string image = Path.Combine(scratch, name + ".svg");
    string[] rest = ["--steps", steps.ToString(CultureInfo.InvariantCulture), "--title", title.Split(" (")[0], "--width", width.ToString(CultureInfo.InvariantCulture), "--height", height.ToString(CultureInfo.InvariantCulture)];
    plotArgs.AddRange(rest);
    if (entry.TryGetProperty("log_y", out var logY) && logY.GetBoolean())
    {
        plotArgs.Add("--log-y");
    }

    plotArgs.AddRange(["--out", image]);
    shown.Append(" \\\n  ").Append(string.Join(' ', rest.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "'" + a + "'" : a)))
        .Append(" --out docs/schedules/").Append(name).Append(".svg");

    var stdout = new StringWriter();
    var stderr = new StringWriter();
    int code = LrsApp.Run([.. plotArgs], stdout, stderr);
    if (code != 0)
    {
        Console.Error.Write(name + ": " + stderr);
        failures++;
        continue;
    }

    if (pngDirectory is not null)
    {
        plotArgs[^1] = Path.Combine(pngDirectory, name + ".png");
        LrsApp.Run([.. plotArgs], TextWriter.Null, Console.Error);
    }

    page.Append("\n### ").Append(title).Append("\n\n");
    page.Append(entry.GetProperty("text").GetString()).Append("\n\n");
    page.Append("![").Append(title).Append("](schedules/").Append(name).Append(".svg)\n\n");
    page.Append("```sh\n").Append(shown).Append("\n```\n");
    Emit("docs/schedules/" + name + ".svg", File.ReadAllBytes(image));
}

Emit("docs/schedules.md", Encoding.UTF8.GetBytes(page.ToString()));
Directory.Delete(scratch, recursive: true);
foreach (string file in stale)
{
    Console.Error.WriteLine("stale: " + file + " (run `dotnet run eng/gallery.cs` and commit the result)");
}

return failures == 0 && stale.Count == 0 ? 0 : 1;

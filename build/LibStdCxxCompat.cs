// The MSBuild task behind build/LibStdCxxCompat.targets (compiled at build time by RoslynCodeTaskFactory; see
// build/README.md). It checks whether the system's libstdc++ defines every version that the project's native libraries
// need, and where it does not, obtains Debian trixie's libstdc++6 through apt with a private configuration (apt verifies
// the signed release file, the index and the package), extracts it with dpkg-deb, patches the one glibc 2.38 symbol it
// imports so that it loads on glibc 2.36, checks that it loads and binds, and records the result.
// RoslynCodeTaskFactory compiles it against netstandard2.0, so it uses only that API.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class LrsPrepareLibStdCxx : Task
{
    /// <summary>C23 names that trixie's libstdc++ imports and the C99 functions that behave the same for it (the "0b" prefix aside).</summary>
    private static readonly Dictionary<string, string> Retarget = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__isoc23_strtoul"] = "strtoul",
        ["__isoc23_strtol"] = "strtol",
        ["__isoc23_strtoull"] = "strtoull",
        ["__isoc23_strtoll"] = "strtoll",
    };

    private static readonly string[] LibraryDirectories =
    {
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
    };

    /// <summary>The native libraries the application loads; their libstdc++ version needs decide whether anything is needed.</summary>
    [Required]
    public ITaskItem[] NativeLibraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Where the download, the extracted package and the patched library are kept (shared by projects).</summary>
    [Required]
    public string CacheDirectory { get; set; } = "";

    /// <summary>The MSBuild props file to write the result to (imported by later builds).</summary>
    [Required]
    public string ResultFile { get; set; } = "";

    /// <summary>What the result depends on (the native libraries); written into the result file.</summary>
    [Required]
    public string Key { get; set; } = "";

    /// <summary>The dotnet host, started once with the patched library to check that it loads and binds.</summary>
    [Required]
    public string DotnetHost { get; set; } = "";

    /// <summary>The Debian suite to take libstdc++6 from.</summary>
    public string DebianSuite { get; set; } = "trixie";

    /// <summary>A Debian mirror (the URL ending in /debian); empty for the one apt is configured with.</summary>
    public string DebianMirror { get; set; } = "";

    /// <summary>The directory holding the patched libstdc++.so.6, or empty when the system's libstdc++ is new enough.</summary>
    [Output]
    public string LibraryDirectory { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            Run();
            return !Log.HasLoggedErrors;
        }
        catch (CompatException e)
        {
            Log.LogError("libstdc++ compat: " + e.Message);
            return false;
        }
    }

    private void Run()
    {
        // 1. Which libstdc++ versions the native libraries need, and which the system's libstdc++ lacks.
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ITaskItem item in NativeLibraries)
        {
            using (var elf = Elf.Open(item.GetMetadata("FullPath")))
            {
                foreach (var need in elf.VersionNeeds().Where(n => n.File == "libstdc++.so.6"))
                {
                    required.UnionWith(need.Versions.Select(v => v.Name));
                }
            }
        }

        string system = FindSystemLibrary("libstdc++.so.6");
        HashSet<string> defined;
        using (var elf = Elf.Open(system))
        {
            defined = elf.VersionDefinitions();
        }

        var missing = required.Where(v => !defined.Contains(v)).ToList();
        if (missing.Count == 0)
        {
            Log.LogMessage(MessageImportance.Normal, "libstdc++ compat: " + system + " defines all " + required.Count + " libstdc++ versions the native libraries need; nothing to do.");
            WriteResult("");
            return;
        }

        Log.LogMessage(MessageImportance.High, "libstdc++ compat: " + system + " lacks " + string.Join(", ", missing) + " (needed by the native libraries); preparing Debian " + DebianSuite + "'s libstdc++6.");

        // 2-4. The patched library, from the cache or freshly made; one build at a time.
        string lib = Path.Combine(CacheDirectory, "lib");
        string patched = Path.Combine(lib, "libstdc++.so.6");
        Directory.CreateDirectory(CacheDirectory);
        using (AcquireLock(Path.Combine(CacheDirectory, ".lock")))
        {
            if (!File.Exists(Path.Combine(lib, ".complete")) || !DefinesAll(patched, required))
            {
                Prepare(lib, required);
            }
            else
            {
                Log.LogMessage(MessageImportance.Normal, "libstdc++ compat: using the cached " + patched + " (" + File.ReadAllText(Path.Combine(lib, ".complete")).Trim() + ").");
            }
        }

        WriteResult(lib);
    }

    private void Prepare(string lib, SortedSet<string> required)
    {
        var watch = Stopwatch.StartNew();
        string apt = Path.Combine(CacheDirectory, "apt");
        string aptConfig = WriteAptConfiguration(apt);
        var env = new Dictionary<string, string> { ["APT_CONFIG"] = aptConfig, ["LC_ALL"] = "C" };

        // apt verifies the chain itself: the InRelease signature against the system's Debian archive keyring, the index
        // against the signed release file's SHA256, and the .deb against the index's SHA256.
        Exec("apt-get", new[] { "-q", "--error-on=any", "update" }, env, apt);
        string show = Exec("apt-cache", new[] { "show", "--no-all-versions", "libstdc++6" }, env, apt);
        string version = Field(show, "Version");
        string sha256 = Field(show, "SHA256").ToLowerInvariant();
        string filename = Path.GetFileName(Field(show, "Filename"));
        string downloads = Path.Combine(apt, "downloads");
        Directory.CreateDirectory(downloads);
        string deb = Path.Combine(downloads, filename);
        if (!File.Exists(deb) || Sha256(deb) != sha256)
        {
            Exec("apt-get", new[] { "-q", "download", "libstdc++6=" + version }, env, downloads);
        }

        string actual = Sha256(deb);
        if (actual != sha256)
        {
            throw new CompatException(deb + " has SHA256 " + actual + ", but the signed " + DebianSuite + " index says " + sha256 + ".");
        }

        // dpkg-deb -x unpacks the files only (no maintainer scripts, nothing installed).
        string extract = Path.Combine(CacheDirectory, "extract");
        if (Directory.Exists(extract))
        {
            Directory.Delete(extract, true);
        }

        Exec("dpkg-deb", new[] { "-x", deb, extract }, null, CacheDirectory);
        string link = Path.Combine(extract, "usr", "lib", "x86_64-linux-gnu", "libstdc++.so.6");
        if (!File.Exists(link))
        {
            throw new CompatException(filename + " has no usr/lib/x86_64-linux-gnu/libstdc++.so.6.");
        }

        byte[] bytes = File.ReadAllBytes(link); // through the symlink: libstdc++.so.6.0.N
        string report = Patch(bytes, link, required);

        if (Directory.Exists(lib))
        {
            Directory.Delete(lib, true);
        }

        Directory.CreateDirectory(lib);
        string patched = Path.Combine(lib, "libstdc++.so.6");
        File.WriteAllBytes(patched + ".tmp", bytes);
        File.Move(patched + ".tmp", patched);
        Verify(lib, patched);
        Directory.Delete(extract, true);

        // The indexes (about 50 MB) are needed only to prepare the library again; the .deb (under 1 MB) is kept.
        Directory.Delete(Path.Combine(apt, "state", "lists"), true);
        Directory.Delete(Path.Combine(apt, "cache"), true);

        string stamp = filename + " " + version + " sha256 " + sha256 + "; " + report;
        File.WriteAllText(Path.Combine(lib, ".complete"), stamp + "\n");
        Log.LogMessage(MessageImportance.High, "libstdc++ compat: " + patched + " ready in " + watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s: " + stamp);
    }

    /// <summary>
    /// Makes the library loadable on this system's glibc: every version need that the system's library lacks must be used
    /// only by symbols in <see cref="Retarget"/>; those symbols' names are pointed at the C99 name (the tail of the same
    /// string in .dynstr) and the need at the baseline version of that function. Fails if anything else needs more.
    /// </summary>
    private string Patch(byte[] bytes, string path, SortedSet<string> required)
    {
        var elf = Elf.FromBytes(bytes, path);
        var defines = elf.VersionDefinitions();
        var lacking = required.Where(v => !defines.Contains(v)).ToList();
        if (lacking.Count > 0)
        {
            throw new CompatException(Path.GetFileName(path) + " from " + DebianSuite + " does not define " + string.Join(", ", lacking) + " either.");
        }

        var symbols = elf.DynamicSymbols();
        var changes = new List<string>();
        foreach (var need in elf.VersionNeeds())
        {
            string systemPath = FindSystemLibrary(need.File);
            HashSet<string> systemVersions;
            Dictionary<string, string> systemSymbols;
            using (var system = Elf.Open(systemPath))
            {
                systemVersions = system.VersionDefinitions();
                systemSymbols = system.DefinedSymbolVersions();
            }

            foreach (var version in need.Versions.Where(v => !systemVersions.Contains(v.Name)))
            {
                var users = symbols.Where(s => s.Undefined && s.VersionIndex == version.Index).ToList();
                var unknown = users.Where(s => !Retarget.ContainsKey(s.Name)).Select(s => s.Name).ToList();
                if (unknown.Count > 0)
                {
                    throw new CompatException(Path.GetFileName(path) + " needs " + string.Join(", ", unknown) + " from " + version.Name + " of " + need.File + ", which " + systemPath + " does not define; only " + string.Join(", ", Retarget.Keys) + " can be redirected.");
                }

                string? baseline = null;
                foreach (var symbol in users)
                {
                    string target = Retarget[symbol.Name];
                    if (!systemSymbols.TryGetValue(target, out string? targetVersion))
                    {
                        throw new CompatException(systemPath + " does not define " + target + " (to replace " + symbol.Name + "@" + version.Name + ").");
                    }

                    if (baseline is not null && baseline != targetVersion)
                    {
                        throw new CompatException("the symbols of " + version.Name + " would need different versions (" + baseline + ", " + targetVersion + ").");
                    }

                    baseline = targetVersion;
                    int skip = symbol.Name.Length - target.Length;
                    if (!symbol.Name.EndsWith(target, StringComparison.Ordinal) || elf.DynamicString(symbol.NameOffset + (uint)skip) != target)
                    {
                        throw new CompatException(symbol.Name + " does not end in " + target + ".");
                    }

                    elf.WriteUInt32(symbol.EntryOffset, symbol.NameOffset + (uint)skip);
                    changes.Add(symbol.Name + "@" + version.Name + " -> " + target + "@" + targetVersion);
                }

                var anchor = baseline is null ? default : need.Versions.FirstOrDefault(v => v.Name == baseline);
                if (baseline is null || anchor.Name is null)
                {
                    throw new CompatException(Path.GetFileName(path) + " needs " + version.Name + " of " + need.File + (baseline is null ? " without using a symbol of it" : ", and has no " + baseline + " need to point it at") + ".");
                }

                // The need itself: same entry (its index stays the symbols' version index), the baseline's name and hash.
                elf.WriteUInt32(version.AuxOffset, Elf.Hash(baseline));
                elf.WriteUInt32(version.AuxOffset + 8, anchor.NameOffset);
                changes.Add("need " + version.Name + " of " + need.File + " -> " + baseline);
            }
        }

        if (changes.Count == 0)
        {
            return "no glibc symbol needed retargeting";
        }

        Log.LogMessage(MessageImportance.Normal, "libstdc++ compat: patched " + string.Join("; ", changes));
        return "patched " + string.Join("; ", changes);
    }

    /// <summary>Starts the dotnet host (which links libstdc++) with the library first on the path and every symbol bound at load.</summary>
    private void Verify(string lib, string patched)
    {
        var env = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = lib, ["LD_BIND_NOW"] = "1", ["LD_DEBUG"] = "libs" };
        var result = Run(DotnetHost, new[] { "--list-runtimes" }, env, lib);
        if (result.ExitCode != 0 || result.StdErr.IndexOf("calling init: " + patched, StringComparison.Ordinal) < 0)
        {
            throw new CompatException("the patched " + patched + " did not load into '" + DotnetHost + " --list-runtimes' with LD_BIND_NOW=1 (exit code " + result.ExitCode + "): "
                + string.Join(" | ", result.StdErr.Split('\n').Where(l => !l.Contains("calling init") && !l.Contains("find library") && !l.Contains("search path") && !l.Contains("trying file") && l.Trim().Length > 0).Take(5)));
        }
    }

    private string WriteAptConfiguration(string apt)
    {
        if (DebianMirror.Length == 0 && OsRelease("ID") != "debian")
        {
            throw new CompatException("this system's libstdc++ is too old for the native libraries, and the step that fetches a newer one supports Debian only (/etc/os-release has ID=" + OsRelease("ID")
                + "). Install a libstdc++ of gcc >= 13.2 and put it on LD_LIBRARY_PATH, or set the MSBuild property LrsDebianMirror to a Debian mirror (the URL ending in /debian); LrsLibStdCxxCompat=false turns the step off.");
        }

        string mirror = DebianMirror.Length > 0 ? DebianMirror.TrimEnd('/') : FindMirror();
        const string Keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
        if (!File.Exists(Keyring))
        {
            throw new CompatException(Keyring + " is missing (package debian-archive-keyring, which apt depends on).");
        }

        foreach (string dir in new[] { "etc/apt.conf.d", "etc/preferences.d", "etc/sources.list.d", "etc/trusted.gpg.d", "state/lists/partial", "cache/archives/partial", "log" })
        {
            Directory.CreateDirectory(Path.Combine(apt, dir));
        }

        string status = Path.Combine(apt, "state", "status");
        if (!File.Exists(status))
        {
            File.WriteAllText(status, "");
        }

        File.WriteAllText(Path.Combine(apt, "etc", "sources.list"), "deb [signed-by=" + Keyring + "] " + mirror + "/ " + DebianSuite + " main\n");
        string config = Path.Combine(apt, "etc", "apt.conf");
        // APT_CONFIG is read before the system's apt.conf.d, so every directory below replaces the system's: nothing of
        // the system's sources, preferences, state or cache is read or written.
        File.WriteAllText(config, string.Join("\n", new[]
        {
            "Dir::Etc \"" + Path.Combine(apt, "etc") + "/\";",
            "Dir::Etc::Main \"apt.conf\";",
            "Dir::Etc::Parts \"apt.conf.d\";",
            "Dir::Etc::SourceList \"sources.list\";",
            "Dir::Etc::SourceParts \"sources.list.d\";",
            "Dir::Etc::Preferences \"preferences\";",
            "Dir::Etc::PreferencesParts \"preferences.d\";",
            "Dir::Etc::Trusted \"trusted.gpg\";",
            "Dir::Etc::TrustedParts \"trusted.gpg.d\";",
            "Dir::State \"" + Path.Combine(apt, "state") + "/\";",
            "Dir::State::Lists \"lists/\";",
            "Dir::State::status \"" + status + "\";",
            "Dir::Cache \"" + Path.Combine(apt, "cache") + "/\";",
            "Dir::Cache::pkgcache \"\";",
            "Dir::Cache::srcpkgcache \"\";",
            "Dir::Log \"" + Path.Combine(apt, "log") + "/\";",
            "APT::Architecture \"amd64\";",
            "APT::Architectures { \"amd64\"; };",
            "Acquire::Languages \"none\";",
            "Acquire::Retries \"3\";",
            "",
        }));
        return config;
    }

    /// <summary>The main Debian archive apt is configured with: the repository of this release's own suite.</summary>
    private string FindMirror()
    {
        string codename = OsRelease("VERSION_CODENAME");
        string targets = Exec("apt-get", new[] { "indextargets", "--no-release-info", "--format", "$(REPO_URI) $(RELEASE)" }, new Dictionary<string, string> { ["LC_ALL"] = "C" }, CacheDirectory);
        var repos = targets.Split('\n').Select(l => l.Trim().Split(' ')).Where(p => p.Length == 2).ToList();
        string? uri = repos.Where(p => p[1] == codename).Select(p => p[0]).FirstOrDefault()
            ?? repos.Where(p => p[0].TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal)).Select(p => p[0]).FirstOrDefault();
        if (uri is null)
        {
            throw new CompatException("no Debian archive for '" + codename + "' in apt's sources (apt-get indextargets); set the MSBuild property LrsDebianMirror to one (the URL ending in /debian).");
        }

        return uri.TrimEnd('/');
    }

    /// <summary>A field of /etc/os-release, or empty.</summary>
    private static string OsRelease(string name)
    {
        try
        {
            return File.ReadAllLines("/etc/os-release").Select(l => l.Split(new[] { '=' }, 2)).Where(p => p.Length == 2 && p[0] == name).Select(p => p[1].Trim('"')).FirstOrDefault() ?? "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void WriteResult(string directory)
    {
        LibraryDirectory = directory.Length == 0 ? "" : directory.TrimEnd('/') + "/";
        Directory.CreateDirectory(Path.GetDirectoryName(ResultFile)!);
        string text = "<Project>\n  <!-- Written by build/LibStdCxxCompat.targets; delete it to check again. -->\n  <PropertyGroup>\n"
            + "    <LrsLibStdCxxKey>" + Key + "</LrsLibStdCxxKey>\n"
            + "    <LrsLibStdCxxDirectory>" + LibraryDirectory + "</LrsLibStdCxxDirectory>\n"
            + "  </PropertyGroup>\n</Project>\n";
        File.WriteAllText(ResultFile, text);
    }

    private static bool DefinesAll(string path, SortedSet<string> required)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using (var elf = Elf.Open(path))
        {
            var defined = elf.VersionDefinitions();
            return required.All(defined.Contains);
        }
    }

    /// <summary>The library the loader uses: the one mapped into this (dotnet) process, or the first in the standard directories.</summary>
    private static string FindSystemLibrary(string soname)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash > 0)
                {
                    string path = line.Substring(slash);
                    string name = Path.GetFileName(path);
                    if (name == soname || (name.StartsWith(soname + ".", StringComparison.Ordinal) && soname.StartsWith("libstdc++", StringComparison.Ordinal)))
                    {
                        return path;
                    }
                }
            }
        }
        catch (IOException)
        {
        }

        foreach (string dir in LibraryDirectories)
        {
            string candidate = Path.Combine(dir, soname);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CompatException(soname + " was not found in this process or in " + string.Join(", ", LibraryDirectories) + ".");
    }

    private static string Field(string stanza, string name)
    {
        foreach (string line in stanza.Split('\n'))
        {
            if (line.StartsWith(name + ": ", StringComparison.Ordinal))
            {
                return line.Substring(name.Length + 2).Trim();
            }
        }

        throw new CompatException("apt-cache show libstdc++6 printed no " + name + " field.");
    }

    private static string Sha256(string path)
    {
        using (var stream = File.OpenRead(path))
        using (var sha = SHA256.Create())
        {
            return string.Concat(sha.ComputeHash(stream).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }

    private static IDisposable AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private string Exec(string file, string[] args, Dictionary<string, string>? env, string workingDirectory)
    {
        var result = Run(file, args, env, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new CompatException("'" + file + " " + string.Join(" ", args) + "' failed with exit code " + result.ExitCode + ": " + (result.StdErr + result.StdOut).Trim());
        }

        Log.LogMessage(MessageImportance.Low, file + " " + string.Join(" ", args) + ":\n" + result.StdOut + result.StdErr);
        return result.StdOut;
    }

    private static (int ExitCode, string StdOut, string StdErr) Run(string file, string[] args, Dictionary<string, string>? env, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Arguments = string.Join(" ", args.Select(Quote));

        if (env is not null)
        {
            foreach (var pair in env)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CompatException("could not start " + file + ".");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CompatException("could not start " + file + " (" + e.Message + "); it is part of every Debian system with apt (packages apt, dpkg).");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
    }

    /// <summary>Quotes an argument for ProcessStartInfo.Arguments (double quotes; backslashes and quotes escaped).</summary>
    private static string Quote(string arg) => "\"" + arg.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private sealed class CompatException : Exception
    {
        public CompatException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Just enough of ELF64 (little-endian) to read and patch symbol versioning; reads files lazily.</summary>
    private sealed class Elf : IDisposable
    {
        private const uint ShtDynsym = 11;
        private const uint ShtVerdef = 0x6ffffffd;
        private const uint ShtVerneed = 0x6ffffffe;
        private const uint ShtVersym = 0x6fffffff;

        private readonly Stream _stream;
        private readonly byte[]? _bytes;
        private readonly string _path;
        private readonly List<(uint Type, long Offset, long Size, uint Link, long EntSize)> _sections = new List<(uint, long, long, uint, long)>();

        private Elf(Stream stream, byte[]? bytes, string path)
        {
            _stream = stream;
            _bytes = bytes;
            _path = path;
            byte[] header = Read(0, 64);
            if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F' || header[4] != 2 || header[5] != 1)
            {
                throw new CompatException(path + " is not a little-endian ELF64 file.");
            }

            long shoff = BitConverter.ToInt64(header, 0x28);
            int shentsize = BitConverter.ToUInt16(header, 0x3A);
            int shnum = BitConverter.ToUInt16(header, 0x3C);
            if (shoff == 0 || shnum == 0)
            {
                throw new CompatException(path + " has no section headers.");
            }

            byte[] table = Read(shoff, shentsize * shnum);
            for (int i = 0; i < shnum; i++)
            {
                int o = i * shentsize;
                _sections.Add((BitConverter.ToUInt32(table, o + 4), BitConverter.ToInt64(table, o + 24), BitConverter.ToInt64(table, o + 32), BitConverter.ToUInt32(table, o + 40), BitConverter.ToInt64(table, o + 56)));
            }
        }

        public static Elf Open(string path)
        {
            try
            {
                return new Elf(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), null, path);
            }
            catch (IOException e)
            {
                throw new CompatException("cannot read " + path + ": " + e.Message);
            }
        }

        public static Elf FromBytes(byte[] bytes, string path) => new Elf(new MemoryStream(bytes, true), bytes, path);

        /// <summary>The System V ELF hash, as in vna_hash.</summary>
        public static uint Hash(string name)
        {
            uint h = 0;
            foreach (char c in name)
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0)
                {
                    h ^= g >> 24;
                }

                h &= ~g;
            }

            return h;
        }

        public void Dispose() => _stream.Dispose();

        /// <summary>The version needs: per needed file, its version names with their index, aux entry offset and name offset.</summary>
        public List<(string File, List<(string Name, ushort Index, long AuxOffset, uint NameOffset)> Versions)> VersionNeeds()
        {
            var result = new List<(string, List<(string, ushort, long, uint)>)>();
            var section = Single(ShtVerneed, optional: true);
            if (section.Type == 0)
            {
                return result;
            }

            long strtab = _sections[(int)section.Link].Offset;
            byte[] data = Read(section.Offset, (int)section.Size);
            int entry = 0;
            while (true)
            {
                int count = BitConverter.ToUInt16(data, entry + 2);
                string file = String(strtab + BitConverter.ToUInt32(data, entry + 4));
                var versions = new List<(string, ushort, long, uint)>();
                int aux = entry + (int)BitConverter.ToUInt32(data, entry + 8);
                for (int i = 0; i < count; i++)
                {
                    uint name = BitConverter.ToUInt32(data, aux + 8);
                    versions.Add((String(strtab + name), BitConverter.ToUInt16(data, aux + 6), section.Offset + aux, name));
                    aux += (int)BitConverter.ToUInt32(data, aux + 12);
                }

                result.Add((file, versions));
                uint next = BitConverter.ToUInt32(data, entry + 12);
                if (next == 0)
                {
                    return result;
                }

                entry += (int)next;
            }
        }

        /// <summary>The names of the versions this library defines (.gnu.version_d).</summary>
        public HashSet<string> VersionDefinitions() => new HashSet<string>(VersionDefinitionsByIndex().Values, StringComparer.Ordinal);

        /// <summary>The defined dynamic symbols with the name of their version (the default version where a name has several).</summary>
        public Dictionary<string, string> DefinedSymbolVersions()
        {
            var names = VersionDefinitionsByIndex();
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var symbol in DynamicSymbols())
            {
                if (!symbol.Undefined && names.TryGetValue(symbol.VersionIndex, out string? version) && (!symbol.Hidden || !result.ContainsKey(symbol.Name)))
                {
                    result[symbol.Name] = version;
                }
            }

            return result;
        }

        public List<(string Name, uint NameOffset, ushort VersionIndex, bool Hidden, bool Undefined, long EntryOffset)> DynamicSymbols()
        {
            var symtab = Single(ShtDynsym, optional: false);
            var versym = Single(ShtVersym, optional: false);
            long strtab = _sections[(int)symtab.Link].Offset;
            byte[] symbols = Read(symtab.Offset, (int)symtab.Size);
            byte[] versions = Read(versym.Offset, (int)versym.Size);
            byte[] strings = Read(strtab, (int)_sections[(int)symtab.Link].Size);
            var result = new List<(string, uint, ushort, bool, bool, long)>();
            int size = (int)symtab.EntSize;
            for (int i = 0; i * size < symbols.Length; i++)
            {
                uint name = BitConverter.ToUInt32(symbols, i * size);
                ushort shndx = BitConverter.ToUInt16(symbols, (i * size) + 6);
                ushort version = BitConverter.ToUInt16(versions, i * 2);
                int end = Array.IndexOf(strings, (byte)0, (int)name);
                result.Add((Encoding.ASCII.GetString(strings, (int)name, end - (int)name), name, (ushort)(version & 0x7fff), (version & 0x8000) != 0, shndx == 0, symtab.Offset + (i * size)));
            }

            return result;
        }

        public string DynamicString(uint offset) => String(_sections[(int)Single(ShtDynsym, optional: false).Link].Offset + offset);

        public void WriteUInt32(long offset, uint value)
        {
            if (_bytes is null)
            {
                throw new InvalidOperationException("read-only");
            }

            BitConverter.GetBytes(value).CopyTo(_bytes, offset);
        }

        private Dictionary<ushort, string> VersionDefinitionsByIndex()
        {
            var result = new Dictionary<ushort, string>();
            var section = Single(ShtVerdef, optional: true);
            if (section.Type == 0)
            {
                return result;
            }

            long strtab = _sections[(int)section.Link].Offset;
            byte[] data = Read(section.Offset, (int)section.Size);
            int entry = 0;
            while (true)
            {
                ushort index = BitConverter.ToUInt16(data, entry + 4);
                int aux = entry + (int)BitConverter.ToUInt32(data, entry + 12);
                result[index] = String(strtab + BitConverter.ToUInt32(data, aux));
                uint next = BitConverter.ToUInt32(data, entry + 16);
                if (next == 0)
                {
                    return result;
                }

                entry += (int)next;
            }
        }

        private (uint Type, long Offset, long Size, uint Link, long EntSize) Single(uint type, bool optional)
        {
            var found = _sections.Where(s => s.Type == type).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }

            if (found.Count == 0 && optional)
            {
                return default;
            }

            throw new CompatException(_path + " has " + found.Count + " sections of type 0x" + type.ToString("x", CultureInfo.InvariantCulture) + ", expected one.");
        }

        private string String(long offset)
        {
            var text = new StringBuilder();
            while (true)
            {
                byte[] chunk = Read(offset, 64, allowShort: true);
                int end = Array.IndexOf(chunk, (byte)0);
                text.Append(Encoding.ASCII.GetString(chunk, 0, end < 0 ? chunk.Length : end));
                if (end >= 0 || chunk.Length == 0)
                {
                    return text.ToString();
                }

                offset += chunk.Length;
            }
        }

        private byte[] Read(long offset, int count, bool allowShort = false)
        {
            var buffer = new byte[count];
            _stream.Position = offset;
            int read = 0;
            while (read < count)
            {
                int n = _stream.Read(buffer, read, count - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read < count)
            {
                if (!allowShort)
                {
                    throw new CompatException(_path + " is truncated.");
                }

                Array.Resize(ref buffer, read);
            }

            return buffer;
        }
    }
}

; Inno Setup 6 script: the Windows installer of Evidence Desk.
;
; Build the bundle first (bash installers/build.sh, from Git Bash), then:
;   iscc /DAppVersion=0.1.0 installers\windows\evidence-desk.iss
; build.sh runs that itself when iscc is on PATH. The installer lands in dist\.
;
; It installs dist\evidence-desk\ (the PyInstaller one-folder bundle) for the current user
; by default (no administrator rights needed; the user may choose all users instead), adds
; a Start-menu entry, an optional desktop shortcut and an uninstaller. Uninstalling removes
; the program only: libraries (the user's data, in %LOCALAPPDATA%\evidence-desk) are kept.
;
; OCR of scanned pages uses Tesseract, which is not bundled: users install it with the
; UB Mannheim Tesseract installer (64-bit). The program finds it on PATH or in its default
; folder (Program Files\Tesseract-OCR, or the per-user LOCALAPPDATA\Programs one); without
; it scans are kept and marked "needs OCR". See docs/installing-and-building.md.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Evidence Desk"
#define AppExe "evidence-desk.exe"
#define CliExe "evidence-desk-cli.exe"

[Setup]
; The AppId identifies the program for upgrades and uninstall; never change it.
AppId={{6F1C3E52-8B0A-4C55-9A7E-5D2B7C1E9A31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=evidence-desk-{#AppVersion}-windows-x64-setup
SetupIconFile=resources\icons\app\evidence-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\evidence-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --self-test"; WorkingDir: "{localappdata}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

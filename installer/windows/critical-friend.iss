; Inno Setup 6 script: a per-user installer (no administrator rights) for dist\critical-friend\
; (PyInstaller's folder). Built by .github/workflows/installers.yml on a Windows runner:
;   iscc /DAppVersion=0.1.0 installer\windows\critical-friend.iss
; It installs into %LOCALAPPDATA%\Programs\Critical Friend, adds a Start-menu entry, associates
; .cfbundle files with the windowed program for this user (HKCU\Software\Classes), and puts the
; console command (critical-friend.exe) on this user's PATH for IT scripts.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7E3B6C0A-3F9E-4C1B-9A55-2C7D0B6E41F1}
AppName=Critical Friend
AppVersion={#AppVersion}
AppPublisher=Critical Friend project
VersionInfoVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\Critical Friend
DefaultGroupName=Critical Friend
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
ChangesEnvironment=yes
OutputDir=..\..\dist
OutputBaseFilename=critical-friend-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\critical-friend.ico
UninstallDisplayIcon={app}\CriticalFriend.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\critical-friend\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion
Source: "..\..\build\icons\critical-friend-bundle.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{userprograms}\Critical Friend"; Filename: "{app}\CriticalFriend.exe"
Name: "{userdesktop}\Critical Friend"; Filename: "{app}\CriticalFriend.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked

[Registry]
; .cfbundle -> CriticalFriend.Bundle, opened by the windowed program with the file's path.
Root: HKCU; Subkey: "Software\Classes\.cfbundle"; ValueType: string; ValueName: ""; ValueData: "CriticalFriend.Bundle"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.cfbundle"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-critical-friend-bundle"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\CriticalFriend.Bundle"; ValueType: string; ValueName: ""; ValueData: "Critical Friend bundle"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\CriticalFriend.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\critical-friend-bundle.ico"
Root: HKCU; Subkey: "Software\Classes\CriticalFriend.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\CriticalFriend.exe"" ""%1"""
; The console command on this user's PATH.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\CriticalFriend.exe"; Description: "Open Critical Friend"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

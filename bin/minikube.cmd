@echo off
rem Stand-in `minikube` on Windows, which cannot spawn the extensionless bin/minikube (a node
rem script with a shebang): runs that script with node and passes its exit code on.
node "%~dp0minikube" %*
exit /b %ERRORLEVEL%

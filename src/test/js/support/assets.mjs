// Where the login page's modules live, so that tests import exactly the files the server serves.
export const ASSETS = new URL('../../../main/resources/io/github/datasec/dwauth/web/assets/', import.meta.url);

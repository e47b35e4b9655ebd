/** Linear regression y = X·w + b, fitted by gradient descent or in closed form (least squares). */
package dev.descent.linear;
